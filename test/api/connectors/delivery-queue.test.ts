import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withTimeout } from '../../../src/server/connectors/runtime';
import { defaultRegistry } from '../../../src/server/connectors/registry';
import { startDeliveryWorker } from '../../../src/server/workers/delivery-worker';
import { EventBus } from '../../../src/server/events/bus';
import { createLogger } from '../../../src/server/lib/logger';
import { loadSecretBox } from '../../../src/server/lib/secret-box';
import {
  dropServerTestDatabase,
  openServerDatabase,
} from '../../../src/server/testing/test-database';
import { startM8tesFake, type M8tesFake } from '../../fakes/m8tes';
import { eventually, fastConnectors, startHarness, type Harness } from './harness';

const apiKey = 'm8_queue_key';
const webhookSecret = 'whsec_queue';
let fake: M8tesFake;

beforeAll(async () => {
  fake = await startM8tesFake({ apiKey, webhookSecret });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.refuse(null);
  fake.slow(0);
  fake.setApiKey(apiKey);
});

const gate = { tool_name: 'send_email', tool_input: { to: 'a@example.com' }, can_remember: true };
const isApprove = (runId: number) => (c: { method: string; path: string }) =>
  c.method === 'POST' && c.path === `/api/v2/runs/${runId}/approve`;

async function setUp(h: Harness) {
  const sourceId = await h.createSource({
    kind: 'm8tes',
    name: 'm8tes',
    baseUrl: fake.baseUrl,
    secrets: { apiKey, webhookSecret },
  });
  async function pause() {
    const runId = fake.createRun({ name: `Run ${Math.random()}` });
    const opened = fake.openGate(runId, gate);
    const res = await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId);
    expect(res.status).toBe(200);
    const runs = await h.runsOf(sourceId);
    const run = runs.find((r) => (r as { externalId?: string }).externalId === String(runId))!;
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    return { runId, gateId: opened.request_id, requestId: detail.requests[0].id as string };
  }
  return { sourceId, pause };
}

async function delivery(h: Harness, requestId: string) {
  return (await h.api('GET', `/requests/${requestId}`)).body.delivery;
}

describe('delivery queue', () => {
  it('retries with exponential backoff while the platform is down, then delivers once', async () => {
    const h = await startHarness();
    const { pause } = await setUp(h);
    const { runId, requestId } = await pause();
    let refusals = 0;
    fake.refuse((c) => isApprove(runId)(c) && ++refusals <= 3);

    expect(
      (await h.api('POST', `/requests/${requestId}/response`, { decision: 'approve' })).status,
    ).toBe(200);
    const failing = await eventually(async () => {
      const d = await delivery(h, requestId);
      return d.lastError ? d : undefined;
    });
    expect(failing).toMatchObject({ status: 'pending', lastError: expect.stringContaining('503') });

    const done = await eventually(async () => {
      const d = await delivery(h, requestId);
      return d.status === 'delivered' ? d : undefined;
    });
    expect(done).toEqual({ status: 'delivered', attempts: 4, lastError: null });
    const calls = fake.calls.filter(isApprove(runId));
    expect(calls.map((c) => c.replyStatus)).toEqual([503, 503, 503, 200]);
    // Each retry waits at least its backoff (40, 80, 160 ms, less 20% jitter). Only lower bounds hold:
    // a busy machine lengthens any gap, so comparing two measured gaps would test the load, not the code.
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(30);
    expect(gaps[1]).toBeGreaterThanOrEqual(62);
    expect(gaps[2]).toBeGreaterThanOrEqual(126);
    await h.close();
  });

  it('keeps pending deliveries across a restart and sends each exactly once', async () => {
    const h = await startHarness();
    const { pause } = await setUp(h);
    const first = await pause();
    const second = await pause();
    fake.refuse(true);
    for (const p of [first, second]) {
      expect(
        (await h.api('POST', `/requests/${p.requestId}/response`, { decision: 'approve' })).status,
      ).toBe(200);
    }
    await eventually(async () =>
      (await delivery(h, second.requestId)).attempts >= 1 ? true : undefined,
    );

    await h.restart();
    fake.refuse(null);
    for (const p of [first, second]) {
      await eventually(async () =>
        (await delivery(h, p.requestId)).status === 'delivered' ? true : undefined,
      );
      const accepted = fake.calls.filter((c) => isApprove(p.runId)(c) && c.replyStatus === 200);
      expect(accepted).toHaveLength(1);
      expect(fake.runs.get(p.runId)!.gates[0]!.status).toBe('allowed');
    }
    await h.close();
  });

  it('fails visibly on a refused key, and Retry now sends again once the key is fixed', async () => {
    const h = await startHarness();
    const { sourceId, pause } = await setUp(h);
    const { runId, requestId } = await pause();
    fake.setApiKey('m8_rotated_key');

    await h.api('POST', `/requests/${requestId}/response`, { decision: 'approve' });
    const failed = await eventually(async () => {
      const d = await delivery(h, requestId);
      return d.status === 'failed' ? d : undefined;
    });
    expect(failed).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining('refused the credentials'),
    });

    const retried = await h.api('POST', `/requests/${requestId}/retry-delivery`);
    expect(retried.status).toBe(200);
    expect(retried.body.delivery.status).toBe('pending');
    await eventually(async () =>
      (await delivery(h, requestId)).attempts === 2 ? true : undefined,
    );
    expect((await delivery(h, requestId)).status).toBe('failed');

    await h.api('PATCH', `/sources/${sourceId}`, { secrets: { apiKey: 'm8_rotated_key' } });
    expect((await h.api('POST', `/requests/${requestId}/retry-delivery`)).status).toBe(200);
    const delivered = await eventually(async () => {
      const d = await delivery(h, requestId);
      return d.status === 'delivered' ? d : undefined;
    });
    expect(delivered).toEqual({ status: 'delivered', attempts: 3, lastError: null });
    expect(fake.calls.filter((c) => isApprove(runId)(c) && c.replyStatus === 200)).toHaveLength(1);

    const again = await h.api('POST', `/requests/${requestId}/retry-delivery`);
    expect(again.status).toBe(409);
    const timeline = (await h.api('GET', `/runs/${retried.body.runId}`)).body.timeline as {
      type: string;
    }[];
    expect(timeline.filter((e) => e.type === 'request.delivery_retried')).toHaveLength(2);
    await h.close();
  });

  it('refuses Retry now to viewers and for requests with nothing to deliver', async () => {
    const h = await startHarness();
    const native = await h.api('POST', '/users', {
      username: 'viewer-q',
      password: 'viewer-q-password',
      role: 'viewer',
    });
    expect(native.status).toBe(201);
    expect((await h.api('POST', '/requests/req_missing/retry-delivery')).status).toBe(404);
    const { pause } = await setUp(h);
    const { requestId } = await pause();
    expect((await h.api('POST', `/requests/${requestId}/retry-delivery`)).status).toBe(409);
    const session = await fetch(`${h.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'viewer-q', password: 'viewer-q-password' }),
    });
    const viewerCookie = session.headers.get('Set-Cookie')!.split(';')[0]!;
    const res = await fetch(`${h.url}/api/v1/requests/${requestId}/retry-delivery`, {
      method: 'POST',
      headers: { Cookie: viewerCookie },
    });
    expect(res.status).toBe(403);
    await h.close();
  });

  it('sends each answer exactly once when several workers race for the same jobs', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'countersign-race-'));
    const h = await startHarness({ dataDir });
    const { pause } = await setUp(h);
    const pauses: Awaited<ReturnType<typeof pause>>[] = [];
    for (let i = 0; i < 12; i += 1) pauses.push(await pause());
    fake.refuse(true);
    for (const p of pauses)
      await h.api('POST', `/requests/${p.requestId}/response`, { decision: 'approve' });
    await eventually(async () =>
      (await Promise.all(pauses.map((p) => delivery(h, p.requestId)))).every((d) => d.attempts >= 1)
        ? true
        : undefined,
    );
    await h.close();
    const refusedBefore = fake.calls.filter((c) => c.replyStatus === 503).length;

    fake.refuse(null);
    fake.slow(30);
    const db = openServerDatabase(dataDir, h.databaseUrl);
    const bus = new EventBus();
    const runtime = {
      registry: defaultRegistry,
      http: withTimeout(fetch),
      secrets: loadSecretBox(dataDir),
      kickDelivery: () => {},
    };
    const deps = {
      db,
      bus,
      now: () => new Date(Date.now() + 60_000),
      runtime,
      logger: createLogger('silent'),
    };
    const workers = [1, 2, 3].map(() =>
      startDeliveryWorker(deps, { intervalMs: 60_000, batchSize: 4 }),
    );
    for (let round = 0; round < 6; round += 1) {
      await Promise.all(workers.map((w) => w.runOnce()));
    }
    await Promise.all(workers.map((w) => w.stop()));

    const rows = await db
      .selectFrom('deliveries')
      .select(['request_id', 'status', 'attempts'])
      .execute();
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    for (const p of pauses) {
      expect(fake.calls.filter((c) => isApprove(p.runId)(c) && c.replyStatus === 200)).toHaveLength(
        1,
      );
    }
    const refusedAfter = fake.calls.filter((c) => c.replyStatus === 503).length;
    expect(refusedAfter).toBe(refusedBefore);
    await db.destroy();
    await dropServerTestDatabase(h.databaseUrl);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sends no answer whose stored response does not fit its request, and fails it with the reason', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'countersign-mismatch-'));
    const h = await startHarness({ dataDir });
    const { pause } = await setUp(h);
    const { runId, requestId } = await pause();
    fake.refuse(true);
    await h.api('POST', `/requests/${requestId}/response`, { decision: 'approve' });
    await eventually(async () => ((await delivery(h, requestId)).attempts >= 1 ? true : undefined));
    await h.close();

    // The tool request's stored answer is now a questions answer: nothing may be read from it.
    fake.refuse(null);
    const db = openServerDatabase(dataDir, h.databaseUrl);
    await db
      .updateTable('requests')
      .set({ response: JSON.stringify({ answers: [{ questionId: 'q1', value: 'yes' }] }) })
      .where('id', '=', requestId)
      .execute();
    const deps = {
      db,
      bus: new EventBus(),
      now: () => new Date(Date.now() + 60_000),
      runtime: {
        registry: defaultRegistry,
        http: withTimeout(fetch),
        secrets: loadSecretBox(dataDir),
        kickDelivery: () => {},
      },
      logger: createLogger('silent'),
    };
    const worker = startDeliveryWorker(deps, { intervalMs: 60_000 });
    expect(await worker.runOnce()).toBe(1);
    await worker.stop();

    const job = await db
      .selectFrom('deliveries')
      .select(['status', 'outcome', 'last_error'])
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({
      status: 'failed',
      outcome: 'fatal',
      last_error: 'The stored answer is not an answer to a tool request, so it was not sent',
    });
    expect(fake.calls.filter((c) => isApprove(runId)(c) && c.replyStatus === 200)).toHaveLength(0);
    expect(fake.runs.get(runId)!.gates[0]!.status).toBe('pending');
    await db.destroy();
    await dropServerTestDatabase(h.databaseUrl);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('polls every source on its interval without being asked', async () => {
    const h = await startHarness({ connectors: { ...fastConnectors, pollIntervalMs: 50 } });
    const { sourceId } = await setUp(h);
    const runId = fake.createRun({ name: 'Found by the poller' });
    fake.openGate(runId, gate);
    // The fake still holds earlier tests' runs, which the poller may ingest first.
    const run = await eventually(async () =>
      (await h.runsOf(sourceId)).find(
        (r) => (r as { title?: string }).title === 'Found by the poller',
      ),
    );
    expect(run).toMatchObject({ title: 'Found by the poller', status: 'waiting' });
    await h.close();
  });
});
