import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, ConnectorKind } from '../../src/server/connectors/connector';
import { m8tesConnector } from '../../src/server/connectors/m8tes/connector';
import type { ConnectorRuntime } from '../../src/server/connectors/runtime';
import { openPostgres } from '../../src/server/db/database';
import type { Db } from '../../src/server/db/schema';
import { claimDueJobs, enqueueAnswerDelivery } from '../../src/server/domain/outbox';
import { startDeliveryWorker } from '../../src/server/workers/delivery-worker';
import { EventBus } from '../../src/server/events/bus';
import { createLogger } from '../../src/server/lib/logger';
import { ephemeralSecretBox } from '../../src/server/lib/secret-box';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';

const at = '2026-03-01T10:00:00.000Z';
const later = () => new Date('2026-03-01T10:01:00.000Z');

let url: string;
let first: Db;
let second: Db;

beforeAll(async () => {
  url = await createPostgresTestDatabase();
  first = openPostgres(url, { maxConnections: 4 });
  second = openPostgres(url, { maxConnections: 4 });
  await first
    .insertInto('sources')
    .values({ id: 'src_race', kind: 'm8tes', name: 'm8tes', created_at: at })
    .execute();
});

afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  if (url) await dropPostgresTestDatabase(url);
});

/** Answered platform requests, each with its delivery job due. */
async function answeredJobs(count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const runId = `run_${label}_${i}`;
    const requestId = `req_${label}_${i}`;
    await first.transaction().execute(async (trx) => {
      await trx
        .insertInto('runs')
        .values({
          id: runId,
          source_id: 'src_race',
          external_id: `ext_${runId}`,
          title: runId,
          status: 'running',
          customer: null,
          live_url: null,
          metadata: '{}',
          created_at: at,
          updated_at: at,
          waiting_since: null,
          next_expires_at: null,
          pending_count: 0,
          pending_kinds: '[]',
          urgency_key: 'x',
          external_data: null,
        })
        .execute();
      await trx
        .insertInto('requests')
        .values({
          id: requestId,
          run_id: runId,
          kind: 'tool',
          payload: '{"tool":"refund_order","input":{}}',
          status: 'answered',
          created_at: at,
          updated_at: at,
          expires_at: null,
          answered_by: 'alice',
          answered_at: at,
          response: '{"decision":"approve"}',
          delivery_status: 'pending',
          delivery_attempts: 0,
          delivery_last_error: null,
          external_id: `ext_${requestId}`,
          external_data: '{}',
        })
        .execute();
      await enqueueAnswerDelivery(trx, { runId, requestId }, at);
    });
    ids.push(requestId);
  }
  return ids;
}

/** A platform that counts what it is sent and takes a moment over each, so claims overlap. */
function countingRuntime(sent: string[]): ConnectorRuntime {
  const connector: Connector = {
    ...m8tesConnector,
    async deliver(_source, input) {
      sent.push(input.request.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { outcome: 'ok' };
    },
  };
  return {
    registry: new Map<ConnectorKind, Connector>([['m8tes', connector]]),
    http: fetch,
    secrets: ephemeralSecretBox(),
    kickDelivery: () => {},
  };
}

describe('the delivery queue on PostgreSQL', () => {
  it('sends each job exactly once when workers on two pools race for the same jobs', async () => {
    const requestIds = await answeredJobs(40, 'race');
    const sent: string[] = [];
    const runtime = countingRuntime(sent);
    const logger = createLogger('silent');
    const workers = [first, first, second, second].map((db) =>
      startDeliveryWorker(
        { db, bus: new EventBus(), now: later, runtime, logger },
        { intervalMs: 60_000, batchSize: 3 },
      ),
    );
    for (let round = 0; round < 20; round += 1) {
      const handled = await Promise.all(workers.map((worker) => worker.runOnce()));
      if (handled.every((n) => n === 0)) break;
    }
    await Promise.all(workers.map((worker) => worker.stop()));

    expect([...sent].sort()).toEqual([...requestIds].sort());
    const jobs = await first
      .selectFrom('deliveries')
      .select(['request_id', 'status', 'attempts'])
      .where('request_id', 'in', requestIds)
      .execute();
    expect(jobs).toHaveLength(40);
    expect(jobs.every((job) => job.status === 'delivered' && job.attempts === 1)).toBe(true);
  });

  it('passes over jobs another worker is claiming instead of waiting for them', async () => {
    const requestIds = await answeredJobs(6, 'skip');
    const options = { now: later(), leaseMs: 60_000, limit: 10 };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldIds: string[] = [];
    let claimedInside!: () => void;
    const inside = new Promise<void>((resolve) => (claimedInside = resolve));

    const holder = first.transaction().execute(async (trx) => {
      const claimed = await claimDueJobs(trx, { ...options, limit: 2 });
      heldIds = claimed.map((job) => job.request_id!);
      claimedInside();
      await held;
    });
    await inside;

    const others = await Promise.race([
      claimDueJobs(second, options),
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3000)),
    ]);
    release();
    await holder;

    expect(others).not.toBe('blocked');
    if (others === 'blocked') return;
    expect(heldIds).toHaveLength(2);
    const otherIds = others.map((job) => job.request_id!);
    expect(otherIds.filter((id) => heldIds.includes(id))).toEqual([]);
    expect([...heldIds, ...otherIds].sort()).toEqual([...requestIds].sort());
  });
});
