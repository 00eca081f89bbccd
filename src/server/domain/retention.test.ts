import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../testing/test-app';
import { deleteRemovableRuns, removeFinishedRuns } from './retention';

const day = 24 * 60 * 60 * 1000;
let t: TestApp;
afterEach(() => t?.close());

async function finishedRun(status: 'completed' | 'failed' | 'stopped', answered = false) {
  const run = await t.createRun({ title: `A ${status} run` });
  if (answered) {
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve' },
      headers: { 'Idempotency-Key': `key-${run.id}` },
    });
    expect(res.status).toBe(200);
  }
  expect((await t.agent('PATCH', `/runs/${run.id}`, { status })).status).toBe(200);
  return run.id;
}

async function rowsOf(runId: string) {
  const count = async (table: 'requests' | 'timeline_events' | 'deliveries' | 'audit_log') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('run_id', '=', runId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const run = await t.db.selectFrom('runs').select('id').where('id', '=', runId).executeTakeFirst();
  return {
    run: run !== undefined,
    requests: await count('requests'),
    timeline: await count('timeline_events'),
    deliveries: await count('deliveries'),
    audit: await count('audit_log'),
  };
}

describe('retention of finished runs', () => {
  it('removes finished runs older than the period with their rows, keeps their audit entries, and never touches a waiting run', async () => {
    t = await createTestApp();
    const completed = await finishedRun('completed', true);
    const failed = await finishedRun('failed');
    const waiting = (await t.createRun({ title: 'Still waiting' })).id;
    await t.createRequest(waiting, toolRequest());
    const running = (await t.createRun({ title: 'Still running' })).id;
    const retrying = await finishedRun('stopped');
    const at = t.now().toISOString();
    await t.db
      .insertInto('deliveries')
      .values({
        id: 'dlv_retrying',
        kind: 'stop',
        dedupe_key: 'stop:retrying',
        source_id: 'native',
        run_id: retrying,
        request_id: null,
        status: 'pending',
        attempts: 3,
        max_attempts: 10,
        next_attempt_at: at,
        locked_until: null,
        lease_token: null,
        last_error: 'platform down',
        outcome: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
      })
      .execute();
    const completedBefore = await rowsOf(completed);
    expect(completedBefore).toMatchObject({ run: true, requests: 1 });
    expect(completedBefore.audit).toBeGreaterThan(0);

    t.advanceClock(31 * day);
    const recent = await finishedRun('completed');
    const removed = await removeFinishedRuns({ db: t.db, now: t.now }, 30);

    expect(removed).toBe(2);
    expect(await rowsOf(completed)).toEqual({
      run: false,
      requests: 0,
      timeline: 0,
      deliveries: 0,
      audit: completedBefore.audit,
    });
    expect((await rowsOf(failed)).run).toBe(false);
    const idempotency = await t.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', `key-${completed}`)
      .execute();
    expect(idempotency).toEqual([]);
    for (const kept of [waiting, running, retrying, recent]) {
      expect((await rowsOf(kept)).run, kept).toBe(true);
    }
    expect((await rowsOf(waiting)).requests).toBe(1);
    expect((await t.agent('GET', `/runs/${completed}`)).status).toBe(404);
    expect((await t.agent('GET', `/runs/${waiting}`)).status).toBe(200);
  });

  it('works in batches until nothing old is left', async () => {
    t = await createTestApp();
    for (let i = 0; i < 25; i += 1) await finishedRun('completed');
    t.advanceClock(8 * day);
    let pauses = 0;
    const removed = await removeFinishedRuns({ db: t.db, now: t.now }, 7, {
      batchSize: 10,
      pause: async () => {
        pauses += 1;
      },
    });
    expect(removed).toBe(25);
    expect(pauses).toBe(2);
  });

  it('re-checks in the delete itself, so a run revived after it was chosen stays', async () => {
    t = await createTestApp();
    const revived = await finishedRun('completed');
    t.advanceClock(2 * day);
    const cutoff = new Date(t.now().getTime() - day).toISOString();
    // Chosen while finished; an agent then asks on it again before the delete runs.
    expect((await t.agent('PATCH', `/runs/${revived}`, { status: 'running' })).status).toBe(200);
    expect(await deleteRemovableRuns(t.db, [revived], cutoff)).toBe(0);
    expect((await rowsOf(revived)).run).toBe(true);
  });
});
