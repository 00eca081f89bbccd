import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start';
import { sampleValue } from '../../src/server/testing/metrics-text';
import {
  createServerTestDatabase,
  dropServerTestDatabase,
} from '../../src/server/testing/test-database';
import { startM8tesFake, type M8tesFake } from '../fakes/m8tes';
import { eventually, fastConnectors } from './connectors/harness';

const adminPassword = 'metrics-admin-password';
const agentToken = 'metrics-agent-token';
const metricsToken = 'metrics-token-for-tests';
const apiKey = 'm8_metrics_key';
const webhookSecret = 'whsec_metrics';

let dataDir: string;
let databaseUrl: string | undefined;
let a: RunningServer;
let b: RunningServer;
let cookie: string;
let fake: M8tesFake;

const start = () =>
  startServer({
    port: 0,
    dataDir,
    databaseUrl,
    adminPassword,
    agentToken,
    metricsToken,
    quiet: true,
    connectors: fastConnectors,
  });

/** A call as the admin (signed in) or, for the paths agents use, as the agent. */
async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const asAgent = /^\/runs(\/[^/]+\/requests)?$/.test(path) && method === 'POST';
  const asWaitingAgent = /\?wait=/.test(path);
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(asAgent || asWaitingAgent
        ? { Authorization: `Bearer ${agentToken}` }
        : { Cookie: cookie }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function scrape(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { Authorization: `Bearer ${metricsToken}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** A sample's value on each server, an absent series counting 0. */
async function onEach(name: string, labels: Record<string, string>): Promise<[number, number]> {
  const [ta, tb] = await Promise.all([scrape(a), scrape(b)]);
  return [sampleValue(ta, name, labels) ?? 0, sampleValue(tb, name, labels) ?? 0];
}

beforeAll(async () => {
  fake = await startM8tesFake({ apiKey, webhookSecret });
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-metrics-'));
  databaseUrl = await createServerTestDatabase();
  a = await start();
  b = await start();
  const res = await fetch(`${a.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await fake?.close();
  await rm(dataDir, { recursive: true, force: true });
  await dropServerTestDatabase(databaseUrl);
});

describe('metrics of two server processes on one database', () => {
  it('each process counts what happened in it; the database-wide gauge is the same on both', async () => {
    const run = (await call(a, 'POST', '/runs', { title: 'Refund 7' })).body;
    const request = (
      await call(a, 'POST', `/runs/${run.id}/requests`, {
        kind: 'tool',
        tool: 'refund_order',
        input: { orderId: 7 },
      })
    ).body;
    const text = await scrape(a);
    expect(sampleValue(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    const pending = { kind: 'tool', source: 'native' };
    expect(await onEach('countersign_pending_requests', pending)).toEqual([1, 1]);

    // An agent waiting on B (SQLite has no feed between processes, so this one is let go by aborting).
    const abort = new AbortController();
    const waiting = fetch(`${b.url}/api/v1/requests/${request.id}?wait=30`, {
      headers: { Authorization: `Bearer ${agentToken}` },
      signal: abort.signal,
    }).catch(() => null);
    await expect.poll(() => onEach('countersign_waiting_agents', {})).toEqual([0, 1]);
    abort.abort();
    await waiting;
    await expect.poll(() => onEach('countersign_waiting_agents', {})).toEqual([0, 0]);

    const answered = await call(a, 'POST', `/requests/${request.id}/response`, {
      decision: 'approve',
    });
    expect(answered.status).toBe(200);
    const read = await call(b, 'GET', `/requests/${request.id}?wait=1`);
    expect(read.body.delivery.status).toBe('delivered');

    expect(await onEach('countersign_pending_requests', pending)).toEqual([0, 0]);
    expect(await onEach('countersign_answer_seconds_count', { kind: 'tool' })).toEqual([1, 0]);
    expect(await onEach('countersign_delivery_seconds_count', { platform: 'native' })).toEqual([
      0, 1,
    ]);
    expect(
      await onEach('countersign_http_requests_total', {
        method: 'POST',
        route: '/api/v1/requests/:id/response',
        status: '200',
      }),
    ).toEqual([1, 0]);
  });

  it('counts failed deliveries by platform once, in whichever process attempted them', async () => {
    const source = await call(a, 'POST', '/sources', {
      kind: 'm8tes',
      name: 'm8tes',
      baseUrl: fake.baseUrl,
      secrets: { apiKey, webhookSecret },
    });
    expect(source.status).toBe(201);
    const runId = fake.createRun({ name: 'Send the invoice' });
    fake.openGate(runId, { tool_name: 'send_email', tool_input: { to: 'a@example.com' } });
    const hook = `${a.url}/api/v1/hooks/${source.body.id}`;
    expect((await fake.sendWebhook(hook, 'run.awaiting_input', runId)).status).toBe(200);
    const run = (await call(a, 'GET', `/runs?source=${source.body.id}`)).body.items[0];
    const requestId = (await call(a, 'GET', `/runs/${run.id}`)).body.requests[0].id;
    expect(await onEach('countersign_pending_requests', { kind: 'tool', source: 'm8tes' })).toEqual(
      [1, 1],
    );

    let refusals = 0;
    fake.refuse((c) => c.path === `/api/v2/runs/${runId}/approve` && ++refusals <= 2);
    expect(
      (await call(b, 'POST', `/requests/${requestId}/response`, { decision: 'approve' })).status,
    ).toBe(200);
    await eventually(async () => {
      const { delivery } = (await call(a, 'GET', `/requests/${requestId}`)).body;
      return delivery.status === 'delivered' ? true : undefined;
    });

    const sum = async (name: string, labels: Record<string, string>) =>
      (await onEach(name, labels)).reduce((x, y) => x + y, 0);
    expect(
      await sum('countersign_delivery_failures_total', { platform: 'm8tes', outcome: 'retry' }),
    ).toBe(2);
    expect(await sum('countersign_delivery_seconds_count', { platform: 'm8tes' })).toBe(1);
    expect(await onEach('countersign_answer_seconds_count', { kind: 'tool' })).toEqual([1, 1]);
  });
});
