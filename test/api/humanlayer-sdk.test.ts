import { HumanLayer } from '@humanlayer/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSession } from '../../src/server/demo/admin-session';
import { startRealServer, type RealServer } from '../../src/server/testing/real-server';
import type { Request } from '../../src/shared/requests';
import type { RunDetail, RunSummary } from '../../src/shared/runs';

const agentToken = 'cs_humanlayer_test_token';
const adminPassword = 'humanlayer-test-password';

type Page = { items: RunSummary[] };

/**
 * The published HumanLayer SDK, unmodified, pointed at Countersign by `HUMANLAYER_API_BASE` and an agent
 * token as its API key. Only its poll interval is shortened, through its own `sleep` option.
 */
describe('the HumanLayer SDK against the real server', () => {
  let server: RealServer;
  let admin: DashboardSession;
  let base: string;

  const sdk = (runId: string) =>
    new HumanLayer({ runId, sleep: (ms) => new Promise((r) => setTimeout(r, ms / 60)) });

  /** Waits, as a reviewer watching the inbox would, for the run's pending request to appear. */
  async function pendingRequest(runKey: string): Promise<{ run: RunDetail; request: Request }> {
    for (let i = 0; i < 200; i += 1) {
      const page = await admin.json<Page>('GET', `/runs?q=${encodeURIComponent(runKey)}`);
      const summary = page.items.find((r) => r.externalId === runKey);
      if (summary) {
        const run = await admin.json<RunDetail>('GET', `/runs/${summary.id}`);
        const request = run.requests.find((r) => r.status === 'pending');
        if (request) return { run, request };
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`No pending request on ${runKey}`);
  }

  const raw = (method: string, path: string, body?: unknown, token = agentToken) =>
    fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startRealServer({ agentToken, adminPassword });
    admin = server.admin;
    base = `${server.url}/humanlayer/v1`;
    process.env.HUMANLAYER_API_BASE = base;
    process.env.HUMANLAYER_API_KEY = agentToken;
  });

  afterAll(async () => {
    delete process.env.HUMANLAYER_API_BASE;
    delete process.env.HUMANLAYER_API_KEY;
    await server?.close();
  });

  it('runs a function the reviewer approves, with the arguments the agent gave', async () => {
    const calls: unknown[] = [];
    async function refund_order(kwargs: { order: string; amount: number }) {
      calls.push(kwargs);
      return `refunded ${kwargs.amount}`;
    }
    const guarded = sdk('agent-approve').requireApproval()(refund_order);
    const result = guarded({ order: 'ord_4821', amount: 240 });

    const { run, request } = await pendingRequest('agent-approve');
    expect(request).toMatchObject({
      kind: 'tool',
      tool: 'refund_order',
      input: { order: 'ord_4821', amount: 240 },
      editable: false,
    });
    expect(run.title).toBe('agent-approve');
    expect(run.timeline[0]?.message).toBe('Run started on the HumanLayer API: agent-approve');
    expect(calls).toEqual([]);

    await admin.json('POST', `/requests/${request.id}/response`, { decision: 'approve' });
    expect(await result).toBe('refunded 240');
    expect(calls).toEqual([{ order: 'ord_4821', amount: 240 }]);
    const reread = await admin.json<Request>('GET', `/requests/${request.id}`);
    expect(reread.delivery.status).toBe('delivered');
  });

  it('offers the reject options as reasons and returns the one picked, with the comment', async () => {
    const hl = sdk('agent-deny');
    const status = hl.fetchHumanApproval({
      spec: {
        fn: 'delete_account',
        kwargs: { customer: 'cust_9' },
        reject_options: [
          { name: 'too_risky', title: 'Too risky', description: 'Needs a second look' },
          { name: 'wrong_customer', title: 'Wrong customer' },
        ],
      },
    });
    const { request } = await pendingRequest('agent-deny');
    expect(request).toMatchObject({
      kind: 'tool',
      denyOptions: [
        { name: 'too_risky', title: 'Too risky', description: 'Needs a second look' },
        { name: 'wrong_customer', title: 'Wrong customer' },
      ],
    });

    const unknown = await admin.request('POST', `/requests/${request.id}/response`, {
      decision: 'deny',
      denyOption: 'because',
    });
    expect(unknown.status).toBe(422);
    await admin.json('POST', `/requests/${request.id}/response`, {
      decision: 'deny',
      denyOption: 'too_risky',
      note: 'Ask the account owner first',
    });
    expect(await status).toMatchObject({
      approved: false,
      comment: 'Ask the account owner first',
      reject_option_name: 'too_risky',
    });
  });

  it('tells a denied function to the model with the comment, as the SDK words it', async () => {
    async function send_email() {
      return 'sent';
    }
    const result = sdk('agent-deny-tool').requireApproval()(send_email)({ to: 'a@example.com' });
    const { request } = await pendingRequest('agent-deny-tool');
    await admin.json('POST', `/requests/${request.id}/response`, {
      decision: 'deny',
      note: 'Not to customers',
    });
    expect(await result).toBe('User denied function send_email with comment: Not to customers');
  });

  it('asks a person through a contact request and returns the reply and the option picked', async () => {
    const hl = sdk('agent-contact');
    const contact = await hl.createHumanContact({
      spec: {
        msg: 'Which warehouse should ship order 4821?',
        response_options: [
          { name: 'berlin', title: 'Berlin', prompt_fill: 'Ship from Berlin' },
          { name: 'lyon', title: 'Lyon' },
        ],
        state: { step: 3 },
      },
    });
    expect(contact.status).toMatchObject({ requested_at: expect.any(String) });
    expect(contact.status?.response).toBeUndefined();

    const { request } = await pendingRequest('agent-contact');
    expect(request).toMatchObject({
      kind: 'message',
      message: 'Which warehouse should ship order 4821?',
      options: [
        { name: 'berlin', title: 'Berlin', prefill: 'Ship from Berlin' },
        { name: 'lyon', title: 'Lyon' },
      ],
    });
    await admin.json('POST', `/requests/${request.id}/response`, {
      text: 'Ship from Berlin, express',
      option: 'berlin',
    });
    const answered = await hl.getHumanContact(contact.call_id);
    expect(answered.status).toMatchObject({
      response: 'Ship from Berlin, express',
      response_option_name: 'berlin',
      responded_at: expect.any(String),
    });
    expect(answered.spec.state).toEqual({ step: 3 });

    const asTool = sdk('agent-contact-tool').humanAsTool();
    const reply = asTool({ message: 'Anything else before I close the ticket?' });
    const second = await pendingRequest('agent-contact-tool');
    await admin.json('POST', `/requests/${second.request.id}/response`, { text: 'No, close it' });
    expect(await reply).toBe('No, close it');
  });

  it('creates a call once however often and however concurrently it is posted', async () => {
    const body = {
      run_id: 'agent-retry',
      call_id: 'call-fixed-1',
      spec: { fn: 'charge_card', kwargs: { amount: 12 } },
    };
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => raw('POST', '/function_calls', body)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    const run = (await pendingRequest('agent-retry')).run;
    expect(run.requests).toHaveLength(1);
    const page = await admin.json<Page>('GET', '/runs?q=agent-retry');
    expect(page.items.filter((r) => r.externalId === 'agent-retry')).toHaveLength(1);

    const otherRun = await raw('POST', '/function_calls', { ...body, run_id: 'agent-other' });
    expect(otherRun.status).toBe(409);
    const otherKind = await raw('POST', '/contact_requests', {
      run_id: 'agent-retry',
      call_id: 'call-fixed-1',
      spec: { msg: 'hello' },
    });
    expect(otherKind.status).toBe(409);
    expect((await raw('GET', '/contact_requests/call-fixed-1')).status).toBe(404);
  });

  it('refuses a wrong token and bad bodies in the documented error shape, and keeps odd keys', async () => {
    const wrong = await raw('GET', '/function_calls/call-fixed-1', undefined, 'cs_wrong');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    await expect(
      new HumanLayer({ apiKey: 'cs_wrong', runId: 'x' }).createFunctionCall({
        spec: { fn: 'f', kwargs: {} },
      }),
    ).rejects.toThrow(/401/);

    const bad = await raw('POST', '/function_calls', { run_id: '', call_id: 'c', spec: {} });
    expect(bad.status).toBe(422);
    const badBody = (await bad.json()) as { error: { details: Record<string, string> } };
    expect(Object.keys(badBody.error.details)).toEqual(
      expect.arrayContaining(['run_id', 'spec.fn', 'spec.kwargs']),
    );
    const notJson = await fetch(`${base}/function_calls`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await raw('GET', '/function_calls/nope')).status).toBe(404);
    expect((await raw('GET', '/nowhere')).status).toBe(404);

    const odd = JSON.parse('{"__proto__": {"admin": true}, "constructor": 1}') as object;
    const created = await raw('POST', '/function_calls', {
      run_id: 'agent-odd',
      call_id: 'call-odd',
      spec: { fn: 'f', kwargs: odd },
    });
    expect(created.status).toBe(200);
    const echoed = (await created.json()) as { spec: { kwargs: object } };
    expect(Object.keys(echoed.spec.kwargs)).toEqual(['__proto__', 'constructor']);
  });

  it('ends the SDK loop when a request expires or is cancelled instead of polling for ever', async () => {
    const created = await raw('POST', '/function_calls', {
      run_id: 'agent-stop',
      call_id: 'call-stop',
      spec: { fn: 'wire_money', kwargs: { amount: 1 } },
    });
    expect(created.status).toBe(200);
    const { run } = await pendingRequest('agent-stop');
    await admin.json('POST', `/runs/${run.id}/stop`);
    const status = await new HumanLayer({ runId: 'agent-stop' }).getFunctionCall('call-stop');
    expect(status.status).toMatchObject({
      approved: false,
      comment: 'The request was cancelled in Countersign',
    });
  });
});
