import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
let admin: string;
type Person = { cookie: string; username: string };
let alice: Person;
let bob: Person;
let carol: Person;

beforeEach(async () => {
  t = await createTestApp();
  admin = await t.asAdmin();
  [alice, bob, carol] = await Promise.all([
    t.userWithRole('reviewer'),
    t.userWithRole('reviewer'),
    t.userWithRole('reviewer'),
  ]);
});
afterEach(() => t.close());

async function countersignRule(approvals: number, body: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/rules', {
    cookie: admin,
    body: {
      customer: null,
      tool: 'refund_order',
      effect: 'countersign',
      approvals,
      match: { '/amount': { gte: 100 } },
      ...body,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function bigRefund() {
  const run = await t.createRun({ customer: 'cust_1' });
  const request = await t.createRequest(run.id, toolRequest({ input: { amount: 250 } }));
  return { run, request };
}

const approve = (id: string, who: Person, extra: Record<string, unknown> = {}) =>
  t.call('POST', `/requests/${id}/response`, {
    cookie: who.cookie,
    body: { decision: 'approve', ...extra },
  });

describe('countersign rules', () => {
  it('need 2 to 5 approvals, and only countersign rules take them', async () => {
    const cases = [
      { effect: 'countersign' },
      { effect: 'countersign', approvals: 1 },
      { effect: 'countersign', approvals: 6 },
      { effect: 'approve', approvals: 2 },
    ];
    for (const body of cases) {
      const res = await t.call('POST', '/rules', {
        cookie: admin,
        body: { customer: null, tool: 'refund_order', ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details).toHaveProperty('approvals');
    }
  });

  it('holds a matching call until two different people approve; the agent gets one answer naming both', async () => {
    const rule = await countersignRule(2);
    const small = await t.createRequest((await t.createRun()).id, toolRequest());
    expect(small.countersign).toBeUndefined();
    const { run, request } = await bigRefund();
    expect(request).toMatchObject({
      status: 'pending',
      countersign: { required: 2, ruleId: rule.id, approvals: [] },
    });
    const waiting = t.agent('GET', `/requests/${request.id}?wait=15`);

    const first = await approve(request.id, alice, { note: 'Photos check out' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('pending');
    expect(first.body.countersign.approvals).toEqual([
      { by: alice.username, at: expect.any(String), note: 'Photos check out' },
    ]);

    const again = await approve(request.id, alice);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'already_approved',
      message: 'You already approved this request; it needs 1 more approval from someone else',
    });

    const second = await approve(request.id, bob);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'answered', answeredBy: bob.username });
    const got = await waiting;
    expect(got.body.status).toBe('answered');
    expect(got.body.response).toEqual({
      decision: 'approve',
      approvals: [
        { by: alice.username, at: expect.any(String), note: 'Photos check out' },
        { by: bob.username, at: expect.any(String) },
      ],
    });

    const detail = await t.call('GET', `/runs/${run.id}`, { cookie: admin });
    const messages = detail.body.timeline.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Needs 2 approvals from different people \(rule rule_/),
        `${alice.username} approved (1 of 2); waiting for 1 more person`,
        `${bob.username} approved as the last of 2 approvers (${alice.username}, ${bob.username})`,
      ]),
    );
    const rules = (await t.call('GET', '/rules', { cookie: admin })).body.items;
    expect(rules[0]).toMatchObject({ effect: 'countersign', approvals: 2, firedCount: 1 });
  });

  it('ends at the first deny, whoever gives it', async () => {
    await countersignRule(3);
    const { request } = await bigRefund();
    expect((await approve(request.id, alice)).status).toBe(200);
    const deny = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: bob.cookie,
      body: { decision: 'deny', note: 'Over the limit' },
    });
    expect(deny.status).toBe(200);
    expect(deny.body).toMatchObject({
      status: 'answered',
      response: { decision: 'deny', note: 'Over the limit' },
    });
    const late = await approve(request.id, carol);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('already_answered');
    const detail = await t.call('GET', `/runs/${request.runId}`, { cookie: admin });
    const denied = detail.body.timeline.find(
      (e: { type: string }) => e.type === 'request.answered',
    );
    expect(denied.message).toBe(
      `${bob.username} denied after 1 of 3 approvals (${alice.username})`,
    );
  });

  it('counts two approvers clicking at once, each exactly once', async () => {
    await countersignRule(2);
    for (let round = 0; round < 5; round += 1) {
      const { request } = await bigRefund();
      const replies = await Promise.all([approve(request.id, alice), approve(request.id, bob)]);
      expect(replies.map((r) => r.status)).toEqual([200, 200]);
      const final = await t.agent('GET', `/requests/${request.id}`);
      expect(final.body.status).toBe('answered');
      expect(final.body.response.approvals.map((a: { by: string }) => a.by).sort()).toEqual(
        [alice.username, bob.username].sort(),
      );
    }
  });

  it('counts three approvers at once for a 3-of-3 rule, and the same person twice at once only once', async () => {
    await countersignRule(3);
    const { request } = await bigRefund();
    const twice = await Promise.all([approve(request.id, alice), approve(request.id, alice)]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    const { request: other } = await bigRefund();
    await Promise.all([approve(other.id, alice), approve(other.id, bob), approve(other.id, carol)]);
    const final = await t.agent('GET', `/requests/${other.id}`);
    expect(final.body.status).toBe('answered');
    expect(final.body.response.approvals).toHaveLength(3);
  });

  it('wins over an approve rule matching the same call', async () => {
    await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: 'cust_1', tool: 'refund_order' },
    });
    await countersignRule(2);
    const { request } = await bigRefund();
    expect(request.status).toBe('pending');
  });

  it('refuses an edited input, remember and forged approvals on a held call', async () => {
    await countersignRule(2);
    const { request } = await bigRefund();
    const edited = await approve(request.id, alice, { input: { amount: 90 } });
    expect(edited.status).toBe(422);
    expect(edited.body.error.details).toHaveProperty('input');
    const adminPerson = { cookie: admin, username: 'admin' };
    const remembered = await approve(request.id, adminPerson, { remember: true });
    expect(remembered.status).toBe(422);
    const forged = await approve(request.id, alice, {
      approvals: [{ by: 'bob', at: new Date().toISOString() }],
    });
    expect(forged.status).toBe(422);
    expect((await t.agent('GET', `/requests/${request.id}`)).body.countersign.approvals).toEqual(
      [],
    );
  });

  it('replays a retried approval instead of refusing it as a second one', async () => {
    await countersignRule(2);
    const { request } = await bigRefund();
    const send = () =>
      t.call('POST', `/requests/${request.id}/response`, {
        cookie: alice.cookie,
        body: { decision: 'approve' },
        headers: { 'Idempotency-Key': 'retry-1' },
      });
    const first = await send();
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });
});
