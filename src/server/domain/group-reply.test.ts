import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { deliveryWork } from './delivery-outcome';
import { claimDueJobs, enqueueAnswerDelivery } from './outbox';
import { expireDueRequests } from './requests';

let t: TestApp;
const at = '2026-03-01T10:00:00.000Z';
const soon = '2026-03-01T10:05:00.000Z';

/** A LangGraph run (its platform takes one reply per group) with grouped tool requests. */
async function groupedRun(
  members: { id: string; status: 'pending' | 'answered'; expiresAt?: string }[],
) {
  await t.db
    .insertInto('sources')
    .values({ id: 'src_lg', kind: 'langgraph', name: 'LangGraph', created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await t.db
    .insertInto('runs')
    .values({
      id: 'run_g',
      source_id: 'src_lg',
      external_id: 'thread-1',
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
  for (const [index, member] of members.entries()) {
    const answered = member.status === 'answered';
    await t.db
      .insertInto('requests')
      .values({
        id: member.id,
        run_id: 'run_g',
        kind: 'tool',
        payload: JSON.stringify({
          tool: `tool_${index}`,
          input: {},
          canRemember: false,
          editable: true,
        }),
        status: member.status,
        created_at: at,
        updated_at: at,
        expires_at: member.expiresAt ?? null,
        answered_by: answered ? 'alice' : null,
        answered_at: answered ? at : null,
        response: answered ? '{"decision":"approve"}' : null,
        delivery_status: 'pending',
        delivery_attempts: 0,
        delivery_last_error: null,
        external_id: `int-1:${index}`,
        external_data: JSON.stringify({ interruptId: 'int-1', index, shape: 'hitl-js' }),
        approvals_required: null,
        countersign_rule_id: null,
        approvals: null,
        group_key: 'lg:int-1',
      })
      .execute();
  }
}

const jobs = () => t.db.selectFrom('deliveries').selectAll().execute();

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('a group whose platform takes one reply', () => {
  it('queues nothing while a member is pending; the last one expiring sends the answers given, the expired one marked', async () => {
    await groupedRun([
      { id: 'req_a', status: 'answered' },
      { id: 'req_b', status: 'pending', expiresAt: soon },
      { id: 'req_c', status: 'answered' },
    ]);
    expect(await enqueueAnswerDelivery(t.db, { runId: 'run_g', requestId: 'req_a' }, at)).toBe(
      false,
    );
    expect(await enqueueAnswerDelivery(t.db, { runId: 'run_g', requestId: 'req_c' }, at)).toBe(
      false,
    );
    expect(await jobs()).toEqual([]);

    t.advanceClock(new Date(soon).getTime() - Date.now() + 1000);
    expect(await expireDueRequests(t)).toBe(1);
    const queued = await jobs();
    expect(queued.map((j) => [j.kind, j.dedupe_key])).toEqual([['group', 'group:run_g:lg:int-1']]);

    const [job] = await claimDueJobs(t.db, { now: t.now(), leaseMs: 60_000, limit: 1 });
    const work = await deliveryWork(t.db, job!);
    expect(work.kind).toBe('group');
    if (work.kind !== 'group') return;
    expect(
      work.input.members.map((m) => [
        m.status,
        m.status === 'answered' ? m.input.request.id : m.request.id,
      ]),
    ).toEqual([
      ['answered', 'req_a'],
      ['expired', 'req_b'],
      ['answered', 'req_c'],
    ]);
  });

  it('sends nothing for a group none of whose members was answered', async () => {
    await groupedRun([
      { id: 'req_a', status: 'pending', expiresAt: soon },
      { id: 'req_b', status: 'pending', expiresAt: soon },
    ]);
    t.advanceClock(new Date(soon).getTime() - Date.now() + 1000);
    expect(await expireDueRequests(t)).toBe(2);
    expect(await jobs()).toEqual([]);
  });
});
