import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import {
  claimDueJobs,
  enqueueAnswerDelivery,
  releaseOrphanedLeases,
  rescheduleNow,
  settleJob,
} from './outbox';

let t: TestApp;
const at = '2026-03-01T10:00:00.000Z';

async function connectorRun(id: string) {
  await t.db
    .insertInto('sources')
    .values({ id: 'src_m8', kind: 'm8tes', name: 'm8tes', created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await t.db
    .insertInto('runs')
    .values({
      id,
      source_id: 'src_m8',
      external_id: id,
      title: 't',
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
    })
    .execute();
}

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('outbox', () => {
  it('queues one job per answer, and none for native runs', async () => {
    await connectorRun('run_a');
    expect(await enqueueAnswerDelivery(t.db, { runId: 'run_a', requestId: 'req_1' }, at)).toBe(
      true,
    );
    expect(await enqueueAnswerDelivery(t.db, { runId: 'run_a', requestId: 'req_1' }, at)).toBe(
      false,
    );
    const native = await t.createRun();
    expect(await enqueueAnswerDelivery(t.db, { runId: native.id, requestId: 'req_2' }, at)).toBe(
      false,
    );
    expect(await t.db.selectFrom('deliveries').selectAll().execute()).toHaveLength(1);
  });

  it('lets only one of several simultaneous claims take a job', async () => {
    await connectorRun('run_a');
    await enqueueAnswerDelivery(t.db, { runId: 'run_a', requestId: 'req_1' }, at);
    const now = new Date('2026-03-01T10:00:01.000Z');
    const claims = await Promise.all(
      [1, 2, 3, 4, 5].map(() => claimDueJobs(t.db, { now, leaseMs: 60_000, limit: 10 })),
    );
    expect(claims.flat()).toHaveLength(1);
    expect(claims.flat()[0]).toMatchObject({ attempts: 1, inDoubt: false });
    expect(await claimDueJobs(t.db, { now, leaseMs: 60_000, limit: 10 })).toEqual([]);
  });

  it('reclaims a job whose lease ran out as in doubt, and the old holder can no longer settle it', async () => {
    await connectorRun('run_a');
    await enqueueAnswerDelivery(t.db, { runId: 'run_a', requestId: 'req_1' }, at);
    const [first] = await claimDueJobs(t.db, { now: new Date(at), leaseMs: 1000, limit: 1 });
    expect(await rescheduleNow(t.db, first!.id, at)).toBe(false);

    const later = new Date(Date.parse(at) + 5000);
    const [second] = await claimDueJobs(t.db, { now: later, leaseMs: 1000, limit: 1 });
    expect(second).toMatchObject({ id: first!.id, attempts: 2, inDoubt: true });
    const update = { status: 'delivered', outcome: 'delivered', lastError: null } as const;
    expect(await settleJob(t.db, first!, update, later.toISOString())).toBe(false);
    expect(await settleJob(t.db, second!, update, later.toISOString())).toBe(true);
    expect(
      await claimDueJobs(t.db, { now: new Date(Date.parse(at) + 99_000), leaseMs: 1000, limit: 1 }),
    ).toEqual([]);
  });

  it('does not hand out a job before its next attempt is due', async () => {
    await connectorRun('run_a');
    await enqueueAnswerDelivery(t.db, { runId: 'run_a', requestId: 'req_1' }, at);
    const [job] = await claimDueJobs(t.db, { now: new Date(at), leaseMs: 1000, limit: 1 });
    const next = '2026-03-01T10:01:00.000Z';
    await settleJob(
      t.db,
      job!,
      { status: 'pending', outcome: null, lastError: 'HTTP 503', nextAttemptAt: next },
      at,
    );
    expect(
      await claimDueJobs(t.db, {
        now: new Date('2026-03-01T10:00:30.000Z'),
        leaseMs: 1000,
        limit: 1,
      }),
    ).toEqual([]);
    expect(await rescheduleNow(t.db, job!.id, '2026-03-01T10:00:30.000Z')).toBe(true);
    expect(
      await claimDueJobs(t.db, {
        now: new Date('2026-03-01T10:00:30.000Z'),
        leaseMs: 1000,
        limit: 1,
      }),
    ).toHaveLength(1);
  });

  it('releases leases a dead process held, so its jobs are re-claimed at once as in doubt', async () => {
    await connectorRun('run_a');
    await enqueueAnswerDelivery(t.db, { runId: 'run_a', requestId: 'req_1' }, at);
    const [held] = await claimDueJobs(t.db, { now: new Date(at), leaseMs: 120_000, limit: 1 });
    const restart = new Date(Date.parse(at) + 1000);
    expect(await claimDueJobs(t.db, { now: restart, leaseMs: 120_000, limit: 1 })).toEqual([]);

    expect(await releaseOrphanedLeases(t.db, restart)).toBe(1);
    const [again] = await claimDueJobs(t.db, { now: restart, leaseMs: 120_000, limit: 1 });
    expect(again).toMatchObject({ id: held!.id, attempts: 2, inDoubt: true });
    expect(await releaseOrphanedLeases(t.db, restart)).toBe(1);
    expect(await releaseOrphanedLeases(t.db, new Date(Date.parse(at) + 200_000))).toBe(0);
  });
});
