import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
let rita: { cookie: string; username: string };
let otto: { cookie: string; username: string };
beforeEach(async () => {
  t = await createTestApp();
  [rita, otto] = await Promise.all([t.userWithRole('reviewer'), t.userWithRole('reviewer')]);
});
afterEach(() => t.close());

async function toolCalls(count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const run = await t.createRun({ customer: `cust_${i}` });
    ids.push((await t.createRequest(run.id, toolRequest({ input: { amount: i } }))).id);
  }
  return ids;
}

const bulk = (body: unknown, cookie = rita.cookie, headers: Record<string, string> = {}) =>
  t.call('POST', '/requests/bulk-response', { cookie, body, headers });

describe('deciding tool calls in bulk', () => {
  it('answers each call on its own and says what became of each', async () => {
    const ids = await toolCalls(20);
    for (const id of ids.slice(3, 5)) {
      await t.call('POST', `/requests/${id}/response`, {
        cookie: otto.cookie,
        body: { decision: 'deny' },
      });
    }
    const planRun = await t.createRun();
    const plan = await t.createRequest(planRun.id, { kind: 'plan', plan: '1. Do it' });

    const res = await bulk({
      decision: 'approve',
      requestIds: [...ids, plan.id, 'req_missing'],
      note: 'Batch of refunds',
    });
    expect(res.status).toBe(200);
    const outcomes = res.body.results.map((r: { outcome: string }) => r.outcome);
    expect(outcomes.filter((o: string) => o === 'answered')).toHaveLength(18);
    expect(res.body.results[3]).toMatchObject({
      requestId: ids[3],
      outcome: 'already_answered',
      answeredBy: otto.username,
      message: expect.stringContaining(`Already answered by ${otto.username}`),
    });
    expect(res.body.results.slice(-2)).toEqual([
      {
        requestId: plan.id,
        outcome: 'not_allowed',
        message: 'Only tool calls are decided in bulk',
      },
      { requestId: 'req_missing', outcome: 'not_found', message: 'Request not found' },
    ]);
    const answered = await t.agent('GET', `/requests/${ids[0]}`);
    expect(answered.body).toMatchObject({
      status: 'answered',
      answeredBy: rita.username,
      response: { decision: 'approve', note: 'Batch of refunds' },
    });
    expect((await t.agent('GET', `/requests/${plan.id}`)).body.status).toBe('pending');

    const audit = await t.call('GET', `/audit?action=request.answered&actor=${rita.username}`, {
      cookie: await t.asAdmin(),
    });
    expect(audit.body.items).toHaveLength(18);
  });

  it('counts an approval toward a countersign rule instead of deciding the call', async () => {
    await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: { customer: null, tool: 'wire', effect: 'countersign', approvals: 2 },
    });
    const run = await t.createRun();
    const held = await t.createRequest(run.id, toolRequest({ tool: 'wire' }));
    const first = await bulk({ decision: 'approve', requestIds: [held.id] });
    expect(first.body.results[0]).toMatchObject({
      outcome: 'countersign',
      message: 'Approval counted; it needs 1 more person',
    });
    const again = await bulk({ decision: 'approve', requestIds: [held.id] });
    expect(again.body.results[0].outcome).toBe('countersign');
    expect(again.body.results[0].message).toMatch(/^You already approved this request/);
  });

  it('replays a retried bulk call item by item instead of answering twice', async () => {
    const ids = await toolCalls(3);
    const key = { 'Idempotency-Key': 'bulk-1' };
    const first = await bulk({ decision: 'deny', requestIds: ids }, rita.cookie, key);
    const retry = await bulk({ decision: 'deny', requestIds: ids }, rita.cookie, key);
    expect(retry.body).toEqual(first.body);
    expect(retry.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'answered',
      'answered',
      'answered',
    ]);
  });

  it('is for reviewers, and takes 1 to 100 distinct ids', async () => {
    const viewer = await t.userWithRole('viewer');
    const ids = await toolCalls(1);
    expect((await bulk({ decision: 'approve', requestIds: ids }, viewer.cookie)).status).toBe(403);
    expect((await bulk({ decision: 'approve', requestIds: [] })).status).toBe(422);
    expect((await bulk({ decision: 'approve', requestIds: [ids[0], ids[0]] })).status).toBe(422);
    const many = Array.from({ length: 101 }, (_, i) => `req_${i}`);
    expect((await bulk({ decision: 'approve', requestIds: many })).status).toBe(422);
    expect((await bulk({ decision: 'maybe', requestIds: ids })).status).toBe(422);
  });
});
