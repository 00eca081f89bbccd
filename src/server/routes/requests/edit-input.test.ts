import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
let reviewer: { cookie: string; username: string };
beforeEach(async () => {
  t = await createTestApp();
  reviewer = await t.userWithRole('reviewer');
});
afterEach(() => t.close());

const original = { orderId: 1042, amount: 240, lines: [{ sku: 'A-1', qty: 2 }], note: 'rush' };
const edited = { orderId: 1042, amount: 120, lines: [{ sku: 'A-1', qty: 1 }], carrier: 'DHL' };

async function askTool(input: Record<string, unknown> = {}) {
  const run = await t.createRun({ customer: 'cust_1' });
  const request = await t.createRequest(run.id, toolRequest({ input: original, ...input }));
  return { run, request };
}

const answer = (id: string, body: unknown, cookie = reviewer.cookie) =>
  t.call('POST', `/requests/${id}/response`, { cookie, body });

describe('editing a tool input before approving', () => {
  it('hands the waiting agent exactly the approved input, and records what changed', async () => {
    const { run, request } = await askTool();
    expect(request.editable).toBe(true);
    const waiting = t.agent('GET', `/requests/${request.id}?wait=10`);
    const res = await answer(request.id, { decision: 'approve', input: edited, note: 'Half' });
    expect(res.status).toBe(200);

    const got = await waiting;
    expect(got.status).toBe(200);
    expect(got.body.status).toBe('answered');
    expect(got.body.response).toEqual({ decision: 'approve', input: edited, note: 'Half' });
    expect(got.body.input).toEqual(original);

    const changes = [
      { pointer: '/amount', before: 240, after: 120 },
      { pointer: '/lines/0/qty', before: 2, after: 1 },
      { pointer: '/note', before: 'rush' },
      { pointer: '/carrier', after: 'DHL' },
    ];
    const detail = await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie });
    const event = detail.body.timeline.find((e: { type: string }) => e.type === 'request.answered');
    expect(event.message).toBe(`${reviewer.username} approved with an edited input (4 changes)`);
    expect(event.data.inputChanges).toEqual(changes);
    const audit = await t.call('GET', `/audit?runId=${run.id}`, { cookie: await t.asAdmin() });
    expect(audit.body.items[0].data).toMatchObject({ decision: 'approve', inputChanges: changes });
  });

  it('refuses an input with a deny, and on a request whose platform cannot carry it', async () => {
    const { request } = await askTool();
    const deny = await answer(request.id, { decision: 'deny', input: edited });
    expect(deny.status).toBe(422);
    expect(deny.body.error.details).toHaveProperty('input');

    const { request: fixed } = await askTool({ editable: false });
    expect(fixed.editable).toBe(false);
    const res = await answer(fixed.id, { decision: 'approve', input: edited });
    expect(res.status).toBe(422);
    expect(res.body.error.details.input).toMatch(/cannot carry an edited input/);
    expect((await t.agent('GET', `/requests/${fixed.id}`)).body.status).toBe('pending');
  });

  it('refuses an input that is not an object', async () => {
    const { request } = await askTool();
    const res = await answer(request.id, { decision: 'approve', input: [1, 2] });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty('input');
  });

  it('remembers the edited input, not the agent’s, when no scope is given', async () => {
    const { request } = await askTool();
    const admin = await t.asAdmin();
    const res = await answer(
      request.id,
      { decision: 'approve', input: edited, remember: true },
      admin,
    );
    expect(res.status).toBe(200);
    const [rule] = (await t.call('GET', '/rules', { cookie: admin })).body.items;
    expect(rule.match).toEqual({
      '/orderId': { eq: 1042 },
      '/amount': { eq: 120 },
      '/lines': { eq: [{ sku: 'A-1', qty: 1 }] },
      '/carrier': { eq: 'DHL' },
    });
  });

  it('treats a tool request stored before edits existed as not editable', async () => {
    const { request } = await askTool();
    await t.db
      .updateTable('requests')
      .set({
        payload: JSON.stringify({ tool: 'refund_order', input: original, canRemember: true }),
      })
      .where('id', '=', request.id)
      .execute();
    expect((await t.agent('GET', `/requests/${request.id}`)).body.editable).toBe(false);
    expect((await answer(request.id, { decision: 'approve', input: edited })).status).toBe(422);
  });
});
