import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
let reviewer: { cookie: string };
beforeEach(async () => {
  t = await createTestApp();
  reviewer = await t.userWithRole('reviewer');
});
afterEach(() => t.close());

async function askGroup(runId: string, group: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await t.createRequest(runId, toolRequest({ group, input: { step: i } }));
    expect(created.group).toBe(group);
    ids.push(created.id);
  }
  return ids;
}

const decide = (id: string, decision: 'approve' | 'deny') =>
  t.call('POST', `/requests/${id}/response`, { cookie: reviewer.cookie, body: { decision } });

describe('groups of requests', () => {
  it('lists a group, and holds an agent’s wait until the last member is decided', async () => {
    const run = await t.createRun();
    const ids = await askGroup(run.id, 'batch-1', 3);
    const loner = await t.createRequest(run.id, toolRequest());
    expect(loner.group).toBeUndefined();

    const now = await t.agent('GET', `/runs/${run.id}/groups/batch-1`);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ runId: run.id, group: 'batch-1', decided: false });
    expect(now.body.requests.map((r: { id: string }) => r.id)).toEqual(ids);

    let settled = false;
    const waiting = t.agent('GET', `/runs/${run.id}/groups/batch-1?wait=15`).then((res) => {
      settled = true;
      return res;
    });
    await decide(ids[0]!, 'approve');
    await decide(ids[2]!, 'deny');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await decide(ids[1]!, 'approve');
    const got = await waiting;
    expect(got.body.decided).toBe(true);
    expect(
      got.body.requests.map((r: { response: { decision: string } }) => r.response.decision),
    ).toEqual(['approve', 'approve', 'deny']);
    expect(
      got.body.requests.every(
        (r: { delivery: { status: string } }) => r.delivery.status === 'delivered',
      ),
    ).toBe(true);
    expect((await t.agent('GET', `/requests/${loner.id}`)).body.status).toBe('pending');
  });

  it('returns what it has when the wait runs out', async () => {
    const run = await t.createRun();
    await askGroup(run.id, 'slow', 2);
    const res = await t.agent('GET', `/runs/${run.id}/groups/slow?wait=1`);
    expect(res.body.decided).toBe(false);
  });

  it('refuses a group name that is not path-safe, and answers 404 for an unknown group', async () => {
    const run = await t.createRun();
    const bad = await t.agent('POST', `/runs/${run.id}/requests`, toolRequest({ group: 'a/b' }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty('group');
    expect((await t.agent('GET', `/runs/${run.id}/groups/none`)).status).toBe(404);
    expect((await t.agent('GET', `/runs/run_missing/groups/none`)).status).toBe(404);
  });
});
