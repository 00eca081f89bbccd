import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ruleSchema } from '../../../shared/rules';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('rules routes', () => {
  it('lets an admin create, list and delete rules', async () => {
    const admin = await t.asAdmin();
    const created = await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: 'cust_123', tool: 'refund_order' },
    });
    expect(created.status).toBe(201);
    const rule = ruleSchema.parse(created.body);
    expect(rule).toMatchObject({ customer: 'cust_123', tool: 'refund_order', createdBy: 'admin' });
    expect(rule.id).toMatch(/^rule_/);

    const viewer = await t.userWithRole('viewer');
    const list = await t.call('GET', '/rules', { cookie: viewer.cookie });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [rule], nextCursor: null });

    expect((await t.call('DELETE', `/rules/${rule.id}`, { cookie: admin })).status).toBe(204);
    expect((await t.call('GET', '/rules', { cookie: admin })).body.items).toEqual([]);
    expect((await t.call('DELETE', `/rules/${rule.id}`, { cookie: admin })).status).toBe(404);
  });

  it('keeps rule management to admins', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.call('POST', '/rules', {
      cookie: reviewer.cookie,
      body: { customer: null, tool: 'x' },
    });
    expect(res.status).toBe(403);
    const rule = await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: { customer: null, tool: 'x' },
    });
    expect(
      (await t.call('DELETE', `/rules/${rule.body.id}`, { cookie: reviewer.cookie })).status,
    ).toBe(403);
    expect((await t.call('GET', '/rules')).status).toBe(401);
  });

  it('validates a new rule', async () => {
    const res = await t.call('POST', '/rules', { cookie: await t.asAdmin(), body: { tool: ' ' } });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.details).sort()).toEqual(['customer', 'tool']);
  });
});

describe('pre-approved tools', () => {
  it('approves a matching tool request at creation and names the rule in the timeline', async () => {
    const admin = await t.asAdmin();
    const rule = (
      await t.call('POST', '/rules', {
        cookie: admin,
        body: { customer: 'cust_123', tool: 'refund_order' },
      })
    ).body;
    const run = await t.createRun({ customer: 'cust_123' });
    const request = await t.createRequest(run.id, toolRequest());
    expect(request).toMatchObject({
      status: 'answered',
      response: { decision: 'approve' },
      answeredBy: `rule:${rule.id}`,
    });
    const detail = (await t.call('GET', `/runs/${run.id}`, { cookie: admin })).body;
    expect(detail.status).toBe('running');
    const event = detail.timeline.find((e: { type: string }) => e.type === 'request.auto_approved');
    expect(event.message).toBe(`Approved by rule ${rule.id} (refund_order for cust_123)`);
    expect(event.actor).toBe(`rule:${rule.id}`);
  });

  it('applies a rule for all customers, but not a rule for another customer or another tool', async () => {
    const admin = await t.asAdmin();
    await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: 'cust_other', tool: 'refund_order' },
    });
    await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: null, tool: 'lookup_order' },
    });
    const run = await t.createRun({ customer: 'cust_123' });
    expect((await t.createRequest(run.id, toolRequest())).status).toBe('pending');
    expect((await t.createRequest(run.id, toolRequest({ tool: 'lookup_order' }))).status).toBe(
      'answered',
    );
    const noCustomer = await t.createRun();
    expect((await t.createRequest(noCustomer.id, toolRequest())).status).toBe('pending');
    expect(
      (await t.createRequest(noCustomer.id, toolRequest({ tool: 'lookup_order' }))).status,
    ).toBe('answered');
  });

  it('remembers an approval as a rule for the run’s customer and auto-approves the next one', async () => {
    const admin = await t.asAdmin();
    const run = await t.createRun({ customer: 'cust_123' });
    const first = await t.createRequest(run.id, toolRequest());
    const res = await t.call('POST', `/requests/${first.id}/response`, {
      cookie: admin,
      body: { decision: 'approve', remember: true },
    });
    expect(res.status).toBe(200);
    const rules = (await t.call('GET', '/rules', { cookie: admin })).body.items;
    expect(rules).toEqual([
      expect.objectContaining({ customer: 'cust_123', tool: 'refund_order', createdBy: 'admin' }),
    ]);

    const next = await t.createRequest(run.id, toolRequest());
    expect(next.status).toBe('answered');
    expect(next.answeredBy).toBe(`rule:${rules[0].id}`);

    const otherCustomer = await t.createRun({ customer: 'cust_999' });
    expect((await t.createRequest(otherCustomer.id, toolRequest())).status).toBe('pending');
  });

  it('remembers for all customers when the run has no customer', async () => {
    const admin = await t.asAdmin();
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: admin,
      body: { decision: 'approve', remember: true },
    });
    const rules = (await t.call('GET', '/rules', { cookie: admin })).body.items;
    expect(rules).toEqual([expect.objectContaining({ customer: null, tool: 'refund_order' })]);
  });

  it('refuses remember from a non-admin with 403 and leaves the request pending', async () => {
    const run = await t.createRun({ customer: 'cust_123' });
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve', remember: true },
    });
    expect(res.status).toBe(403);
    expect((await t.agent('GET', `/requests/${request.id}`)).body.status).toBe('pending');
    expect((await t.call('GET', '/rules', { cookie: reviewer.cookie })).body.items).toEqual([]);
  });

  it('refuses remember with 422 when the request cannot be remembered', async () => {
    const run = await t.createRun({ customer: 'cust_123' });
    const request = await t.createRequest(run.id, toolRequest({ canRemember: false }));
    const res = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: await t.asAdmin(),
      body: { decision: 'approve', remember: true },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty('remember');
  });
});

describe('how often a rule fired', () => {
  it('counts each auto-approval and notes the last one', async () => {
    const admin = await t.asAdmin();
    const created = await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: 'cust_7', tool: 'refund_order' },
    });
    expect(created.body).toMatchObject({ firedCount: 0, lastFiredAt: null, createdBy: 'admin' });
    const run = await t.createRun({ customer: 'cust_7' });
    const other = await t.createRun({ customer: 'cust_8' });
    await t.createRequest(run.id, toolRequest());
    await t.createRequest(run.id, toolRequest());
    await t.createRequest(other.id, toolRequest());

    const list = await t.call('GET', '/rules', { cookie: admin });
    const rule = ruleSchema.parse(list.body.items[0]);
    expect(rule.firedCount).toBe(2);
    expect(rule.lastFiredAt).toEqual(expect.any(String));
  });
});
