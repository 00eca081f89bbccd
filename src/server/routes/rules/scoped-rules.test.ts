import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ruleSchema } from '../../../shared/rules';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.asAdmin();
});
afterEach(() => t.close());

async function addRule(body: Record<string, unknown>) {
  const res = await t.call('POST', '/rules', {
    cookie: admin,
    body: { customer: 'cust_1', tool: 'refund_order', ...body },
  });
  expect(res.status).toBe(201);
  return ruleSchema.parse(res.body);
}

async function statusOf(input: Record<string, unknown>, customer = 'cust_1') {
  const run = await t.createRun({ customer });
  return (await t.createRequest(run.id, toolRequest({ input }))).status;
}

const rules = async () => (await t.call('GET', '/rules', { cookie: admin })).body.items;

describe('argument pins', () => {
  it('approves a call only when every pin holds', async () => {
    await addRule({
      match: {
        '/amount': { lte: 50, gte: 1 },
        '/currency': { eq: 'EUR' },
        '/country': { in: ['DE', 'FR'] },
      },
    });
    const ok = { amount: 50, currency: 'EUR', country: 'FR' };
    expect(await statusOf(ok)).toBe('answered');
    expect(await statusOf({ ...ok, amount: 1 })).toBe('answered');
    expect(await statusOf({ ...ok, amount: 50.01 })).toBe('pending');
    expect(await statusOf({ ...ok, amount: 0 })).toBe('pending');
    expect(await statusOf({ ...ok, amount: '40' })).toBe('pending');
    expect(await statusOf({ ...ok, currency: 'USD' })).toBe('pending');
    expect(await statusOf({ ...ok, country: 'IT' })).toBe('pending');
    expect(await statusOf({ amount: 50, currency: 'EUR' })).toBe('pending');
    expect(await statusOf(ok, 'cust_2')).toBe('pending');
  });

  it('follows nested pointers, array indexes, escaped names and __proto__ as an ordinary name', async () => {
    await addRule({
      match: {
        '/order/lines/0/sku': { eq: 'A-1' },
        '/a~1b': { eq: { deep: [1, 2] } },
        '/__proto__/polluted': { eq: true },
      },
    });
    const input = JSON.parse(
      '{"order":{"lines":[{"sku":"A-1"}]},"a/b":{"deep":[1,2]},"__proto__":{"polluted":true}}',
    );
    expect(await statusOf(input)).toBe('answered');
    const other = JSON.parse('{"order":{"lines":[{"sku":"A-1"}]},"a/b":{"deep":[1,2]}}');
    expect(await statusOf(other)).toBe('pending');
    expect(await statusOf({ ...input, 'a/b': { deep: [2, 1] } })).toBe('pending');
  });

  it('refuses pins that are not JSON pointers, lack an operator or use an unknown one', async () => {
    const res = await t.call('POST', '/rules', {
      cookie: admin,
      body: {
        customer: null,
        tool: 'refund_order',
        match: { amount: { lte: 5 }, '/a': {}, '/b': { lt: 5 }, '/c~2': { eq: 1 } },
      },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.details).sort()).toEqual([
      'match./a',
      'match./b',
      'match./c~2',
      'match.amount',
    ]);
  });
});

describe('expiry and uses', () => {
  it('stops approving once the rule expires, and refuses an expiry in the past', async () => {
    await addRule({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect(await statusOf({ amount: 1 })).toBe('answered');
    t.advanceClock(61_000);
    expect(await statusOf({ amount: 1 })).toBe('pending');
    const past = await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: null, tool: 'x', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    expect(past.body.error.details).toHaveProperty('expiresAt');
  });

  it('approves at most maxUses calls, then lets the next one wait', async () => {
    const rule = await addRule({ maxUses: 2 });
    expect(await statusOf({ amount: 1 })).toBe('answered');
    expect(await statusOf({ amount: 2 })).toBe('answered');
    expect(await statusOf({ amount: 3 })).toBe('pending');
    expect(await rules()).toEqual([
      expect.objectContaining({ id: rule.id, maxUses: 2, firedCount: 2 }),
    ]);
  });

  it('never exceeds maxUses when forty matching calls arrive at once', async () => {
    await addRule({ maxUses: 5, match: { '/amount': { lte: 100 } } });
    const runs = await Promise.all(
      Array.from({ length: 40 }, () => t.createRun({ customer: 'cust_1' })),
    );
    const created = await Promise.all(
      runs.map((run) => t.createRequest(run.id, toolRequest({ input: { amount: 10 } }))),
    );
    expect(created.filter((r) => r.status === 'answered')).toHaveLength(5);
    expect(created.filter((r) => r.status === 'pending')).toHaveLength(35);
    expect((await rules())[0]).toMatchObject({ firedCount: 5, maxUses: 5 });
  });

  it('falls through to a later rule once the first has used up its uses', async () => {
    await addRule({ maxUses: 1 });
    const second = await addRule({ customer: null, match: { '/amount': { lte: 10 } } });
    expect(await statusOf({ amount: 5 })).toBe('answered');
    const run = await t.createRun({ customer: 'cust_1' });
    const next = await t.createRequest(run.id, toolRequest({ input: { amount: 5 } }));
    expect(next.answeredBy).toBe(`rule:${second.id}`);
  });
});

describe('pausing a rule', () => {
  it('lets an admin pause and resume a rule, with an audit entry each', async () => {
    const rule = await addRule({});
    const paused = await t.call('PATCH', `/rules/${rule.id}`, {
      cookie: admin,
      body: { paused: true },
    });
    expect(paused.status).toBe(200);
    expect(paused.body.pausedAt).toEqual(expect.any(String));
    expect(await statusOf({ amount: 1 })).toBe('pending');
    const resumed = await t.call('PATCH', `/rules/${rule.id}`, {
      cookie: admin,
      body: { paused: false },
    });
    expect(resumed.body.pausedAt).toBeNull();
    expect(await statusOf({ amount: 1 })).toBe('answered');
    const audit = await t.call('GET', '/audit?action=rule', { cookie: admin });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'rule.resumed',
      'rule.paused',
      'rule.created',
    ]);
  });

  it('keeps pausing to admins and answers 404 for an unknown rule', async () => {
    const rule = await addRule({});
    const reviewer = await t.userWithRole('reviewer');
    const body = { paused: true };
    expect(
      (await t.call('PATCH', `/rules/${rule.id}`, { cookie: reviewer.cookie, body })).status,
    ).toBe(403);
    expect((await t.call('PATCH', '/rules/rule_nope', { cookie: admin, body })).status).toBe(404);
    const bad = await t.call('PATCH', `/rules/${rule.id}`, {
      cookie: admin,
      body: { paused: 'yes' },
    });
    expect(bad.status).toBe(422);
  });
});

describe('remembering an approval', () => {
  async function approveWith(body: Record<string, unknown>, customer: string | null = 'cust_1') {
    const run = await t.createRun(customer ? { customer } : {});
    const request = await t.createRequest(
      run.id,
      toolRequest({ input: { orderId: 7, amount: 25 } }),
    );
    return t.call('POST', `/requests/${request.id}/response`, {
      cookie: admin,
      body: { decision: 'approve', remember: true, ...body },
    });
  }

  it('by default pins the arguments, for this customer, for 30 days', async () => {
    expect((await approveWith({})).status).toBe(200);
    const [rule] = await rules();
    expect(rule).toMatchObject({
      customer: 'cust_1',
      effect: 'approve',
      match: { '/orderId': { eq: 7 }, '/amount': { eq: 25 } },
      maxUses: null,
    });
    const days = (Date.parse(rule.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(await statusOf({ orderId: 7, amount: 25 })).toBe('answered');
    expect(await statusOf({ orderId: 7, amount: 26 })).toBe('pending');
  });

  it('takes the scope the admin widened: all customers, an amount cap, no expiry, a number of uses', async () => {
    const res = await approveWith({
      rememberScope: {
        customer: null,
        match: { '/amount': { lte: 50 } },
        expiresAt: null,
        maxUses: 2,
      },
    });
    expect(res.status).toBe(200);
    const [rule] = await rules();
    expect(rule).toMatchObject({ customer: null, maxUses: 2, expiresAt: null });
    const detail = await t.call('GET', `/runs/${res.body.runId}`, { cookie: admin });
    const answered = detail.body.timeline.find(
      (e: { type: string }) => e.type === 'request.answered',
    );
    expect(answered.message).toBe(
      'admin approved and remembered refund_order for all customers where /amount ≤ 50 (at most 2 uses)',
    );
    expect(await statusOf({ amount: 50 }, 'cust_9')).toBe('answered');
    expect(await statusOf({ amount: 51 }, 'cust_9')).toBe('pending');
  });

  it('refuses a scope naming another customer, and a scope without remember', async () => {
    const other = await approveWith({ rememberScope: { customer: 'cust_2' } });
    expect(other.status).toBe(422);
    expect(other.body.error.details).toHaveProperty(['rememberScope.customer']);
    const noRemember = await approveWith({ remember: false, rememberScope: { customer: null } });
    expect(noRemember.status).toBe(422);
    expect(noRemember.body.error.details).toHaveProperty('rememberScope');
    expect(await rules()).toEqual([]);
  });
});
