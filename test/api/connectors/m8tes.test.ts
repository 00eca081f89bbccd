import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startM8tesFake, type M8tesFake } from '../../fakes/m8tes';
import { eventually, startHarness, type Harness } from './harness';

const apiKey = 'm8_test_key';
const webhookSecret = 'whsec_m8tes_test';
let h: Harness;
let fake: M8tesFake;
let sourceId: string;

beforeAll(async () => {
  fake = await startM8tesFake({ apiKey, webhookSecret });
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await fake.close();
});
beforeEach(async () => {
  fake.refuse(null);
  sourceId = await h.createSource({
    kind: 'm8tes',
    name: 'm8tes',
    baseUrl: fake.baseUrl,
    secrets: { apiKey, webhookSecret },
  });
});

const refundGate = {
  tool_name: 'refund_order',
  tool_input: { orderId: 1042, amount: 25 },
  display_name: 'Refund an order',
  prose: 'Refund $25 on order 1042',
  can_remember: true,
};

async function discoverByWebhook(runId: number) {
  const res = await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId);
  expect(res.status).toBe(200);
  const runs = await h.runsOf(sourceId);
  expect(runs).toHaveLength(1);
  return (await h.api('GET', `/runs/${runs[0]!.id}`)).body;
}

async function deliveredRequest(requestId: string) {
  return eventually(async () => {
    const res = await h.api('GET', `/requests/${requestId}`);
    return res.body.delivery.status === 'pending' ? undefined : res.body;
  });
}

describe('m8tes connector', () => {
  it('turns run.awaiting_input into a tool request and sends the approval to /approve once', async () => {
    const runId = fake.createRun({ name: 'Refunds for cust_123', user_id: 'cust_123' });
    const gate = fake.openGate(runId, refundGate);

    const run = await discoverByWebhook(runId);
    expect(run).toMatchObject({
      externalId: String(runId),
      title: 'Refunds for cust_123',
      customer: 'cust_123',
      status: 'waiting',
    });
    const [request] = run.requests;
    expect(request).toMatchObject({
      kind: 'tool',
      tool: 'Refund an order',
      input: { orderId: 1042, amount: 25 },
      reason: 'Refund $25 on order 1042',
      canRemember: true,
      editable: false,
      status: 'pending',
    });

    const again = await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId);
    expect(again.status).toBe(200);
    expect((await h.api('GET', `/runs/${run.id}`)).body.requests).toHaveLength(1);

    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      decision: 'approve',
      note: 'Customer is a regular',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.delivery.status).toBe('pending');

    const delivered = await deliveredRequest(request.id);
    expect(delivered.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const calls = fake.answerCalls().filter((c) => c.path.endsWith(`/runs/${runId}/approve`));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      request_id: gate.request_id,
      decision: 'allow',
      remember: false,
      reason: 'Customer is a regular',
    });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(calls[0]!.headers['idempotency-key']).toMatch(/^dlv_/);
    const timeline = (await h.api('GET', `/runs/${run.id}`)).body.timeline;
    expect(timeline.map((e: { message: string }) => e.message)).toContain('Delivered to m8tes');
  });

  it('sends remember only when the gate can be remembered, and deny as "deny"', async () => {
    const runId = fake.createRun({ user_id: 'cust_9' });
    fake.openGate(runId, { ...refundGate, can_remember: false });
    const run = await discoverByWebhook(runId);
    expect(run.requests[0].canRemember).toBe(false);
    expect(run.title).toBe(`m8tes run ${runId}`);
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { decision: 'deny' });
    await deliveredRequest(run.requests[0].id);
    const [call] = fake.answerCalls().filter((c) => c.path.endsWith(`/runs/${runId}/approve`));
    expect(call!.body).toMatchObject({ decision: 'deny', remember: false });
    expect(call!.body).not.toHaveProperty('reason');
  });

  it('maps question batches and plan approval, and answers them by question text', async () => {
    const runId = fake.createRun({ name: 'Quarterly report' });
    const questions = fake.openGate(runId, {
      tool_name: 'AskUserQuestion',
      tool_input: {
        questions: [
          {
            question: 'Which segment?',
            header: 'Segment',
            multiSelect: false,
            options: [{ label: 'enterprise' }, { label: 'smb' }],
          },
          {
            question: 'Anything to exclude?',
            header: 'Exclusions',
            multiSelect: false,
            options: [],
          },
        ],
      },
    });
    const plan = fake.openGate(runId, {
      tool_name: 'AskUserQuestion',
      tool_input: {
        questions: [
          {
            question: '1. Pull data\n2. Draft the report',
            header: 'Plan Approval',
            options: [{ label: 'Approve' }, { label: 'Revise' }],
          },
        ],
      },
    });
    const run = await discoverByWebhook(runId);
    const byKind = Object.fromEntries(run.requests.map((r: { kind: string }) => [r.kind, r]));
    expect(byKind.questions.questions).toEqual([
      { id: 'q1', text: 'Which segment?', options: ['enterprise', 'smb'], allowOther: true },
      { id: 'q2', text: 'Anything to exclude?', allowOther: true },
    ]);
    expect(byKind.plan.plan).toBe('1. Pull data\n2. Draft the report');

    await h.api('POST', `/requests/${byKind.questions.id}/response`, {
      answers: [
        { questionId: 'q1', value: 'enterprise' },
        { questionId: 'q2', value: 'Test accounts' },
      ],
    });
    await h.api('POST', `/requests/${byKind.plan.id}/response`, {
      decision: 'revise',
      feedback: 'Add a summary first',
    });
    await deliveredRequest(byKind.questions.id);
    await deliveredRequest(byKind.plan.id);
    const bodies = fake
      .answerCalls()
      .filter((c) => c.path.endsWith(`/runs/${runId}/answer`))
      .map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies).toContainEqual({
      answers: { 'Which segment?': 'enterprise', 'Anything to exclude?': 'Test accounts' },
      request_id: questions.request_id,
    });
    expect(bodies).toContainEqual({
      answers: { 'Plan Approval': 'Revise: Add a summary first' },
      request_id: plan.request_id,
    });
  });

  it('answers questions whose text is __proto__ or constructor, keyed by that text', async () => {
    const runId = fake.createRun({ name: 'Odd questions' });
    const texts = ['__proto__', 'constructor', 'toString'];
    const gate = fake.openGate(runId, {
      tool_name: 'AskUserQuestion',
      tool_input: { questions: texts.map((question) => ({ question, header: 'Odd' })) },
    });
    // m8tes's own status and metadata are strings it chose too: neither may read as Object.prototype's.
    fake.runs.get(runId)!.status = 'constructor';
    fake.runs.get(runId)!.metadata = JSON.parse('{"__proto__":{"title":"inherited"}}');
    const run = await discoverByWebhook(runId);
    expect(run.status).toBe('waiting');
    expect(run.title).toBe('Odd questions');
    const [request] = run.requests;
    expect(request.questions.map((q: { text: string }) => q.text)).toEqual(texts);
    const res = await h.api('POST', `/requests/${request.id}/response`, {
      answers: texts.map((_, i) => ({ questionId: `q${i + 1}`, value: `answer ${i + 1}` })),
    });
    expect(res.status).toBe(200);
    await deliveredRequest(request.id);
    const [call] = fake.answerCalls().filter((c) => c.path.endsWith(`/runs/${runId}/answer`));
    expect(JSON.stringify(call!.body)).toBe(
      JSON.stringify({
        answers: Object.fromEntries(texts.map((text, i) => [text, `answer ${i + 1}`])),
        request_id: gate.request_id,
      }),
    );
  });

  it('discovers pauses by polling alone, once, and cancels ones resolved on m8tes', async () => {
    const runId = fake.createRun({ name: 'Polled' });
    const gate = fake.openGate(runId, refundGate);
    const first = await h.poll(sourceId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ runsCreated: 1, requestsCreated: 1 });
    expect(first.body.source.health.status).toBe('ok');
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });

    fake.resolveGate(runId, gate.request_id, 'allowed');
    await h.poll(sourceId);
    const [run] = await h.runsOf(sourceId);
    const detail = (await h.api('GET', `/runs/${run!.id}`)).body;
    expect(detail.status).toBe('running');
    expect(detail.requests[0].status).toBe('cancelled');
  });

  it('makes one request when a webhook and a poll see the same pause at once', async () => {
    const runId = fake.createRun({ name: 'Seen twice' });
    fake.openGate(runId, refundGate);
    const [hook, poll] = await Promise.all([
      fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId),
      h.poll(sourceId),
      h.poll(sourceId),
    ]);
    expect(hook.status).toBe(200);
    expect(poll.status).toBe(200);
    const runs = await h.runsOf(sourceId);
    expect(runs).toHaveLength(1);
    expect((await h.api('GET', `/runs/${runs[0]!.id}`)).body.requests).toHaveLength(1);
  });

  it('refuses unverifiable webhooks with 401 and stores nothing', async () => {
    const runId = fake.createRun({ name: 'Forged' });
    fake.openGate(runId, refundGate);
    const url = h.hookUrl(sourceId);
    const attempts = [
      await fake.sendWebhook(url, 'run.awaiting_input', runId, { tamper: true }),
      await fake.sendWebhook(url, 'run.awaiting_input', runId, { secret: 'whsec_wrong' }),
      await fake.sendWebhook(url, 'run.awaiting_input', runId, {
        timestamp: Math.floor(Date.now() / 1000) - 8 * 24 * 3600,
      }),
      await fake.sendWebhook(url, 'run.awaiting_input', runId, { omit: 'Webhook-Signature' }),
      await fake.sendWebhook(url, 'run.awaiting_input', runId, { omit: 'Webhook-Timestamp' }),
      await fake.sendWebhook(url, 'run.awaiting_input', runId, { omit: 'Webhook-Id' }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);

    const valid = await fake.sendWebhook(url, 'run.awaiting_input', runId);
    expect(valid.status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
  });

  it('takes a genuine delivery however late it arrives, and each Webhook-Id once, across restarts', async () => {
    const runId = fake.createRun({ name: 'Late delivery' });
    fake.openGate(runId, refundGate);
    const url = h.hookUrl(sourceId);
    const runReads = () => fake.callsTo('GET', `/api/v2/runs/${runId}`).length;
    // Signed ten minutes ago and re-sent by m8tes after a restart of its own.
    const delivery = {
      id: `msg_late_${runId}`,
      timestamp: Math.floor(Date.now() / 1000) - 600,
      body: JSON.stringify({ event: 'run.awaiting_input', data: { run_id: runId } }),
    };
    const late = await fake.sendWebhook(url, 'run.awaiting_input', runId, delivery);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ received: true, runsCreated: 1, requestsCreated: 1 });
    expect(runReads()).toBe(1);

    const replayed = await fake.sendWebhook(url, 'run.awaiting_input', runId, delivery);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({
      runsCreated: 0,
      ignored: expect.stringMatching(/before/),
    });
    await h.restart();
    const restarted = h.hookUrl(sourceId);
    const afterRestart = await fake.sendWebhook(restarted, 'run.awaiting_input', runId, delivery);
    expect(afterRestart.body).toMatchObject({ ignored: expect.stringMatching(/before/) });
    expect(runReads()).toBe(1);

    // A new delivery of the same event is a new Webhook-Id, and is read.
    expect((await fake.sendWebhook(restarted, 'run.awaiting_input', runId)).status).toBe(200);
    expect(runReads()).toBe(2);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
  });

  it('counts two deliveries of one Webhook-Id at once only once, and takes it again after a failure', async () => {
    const runId = fake.createRun({ name: 'Twice at once' });
    fake.openGate(runId, refundGate);
    const url = h.hookUrl(sourceId);
    const runReads = () => fake.callsTo('GET', `/api/v2/runs/${runId}`).length;
    const delivery = { id: `msg_twice_${runId}`, timestamp: Math.floor(Date.now() / 1000) };

    fake.refuse((call) => call.path === `/api/v2/runs/${runId}`);
    const failed = await fake.sendWebhook(url, 'run.awaiting_input', runId, delivery);
    expect(failed.status).toBe(503);
    fake.refuse(null);

    fake.slow(150);
    const both = await Promise.all([
      fake.sendWebhook(url, 'run.awaiting_input', runId, delivery),
      fake.sendWebhook(url, 'run.awaiting_input', runId, delivery),
    ]);
    fake.slow(0);
    const created = both.filter(
      (res) => res.status === 200 && !(res.body as { ignored?: string }).ignored,
    );
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ runsCreated: 1, requestsCreated: 1 });
    const other = both.find((res) => res !== created[0])!;
    expect([200, 503]).toContain(other.status);
    expect(runReads()).toBe(2);
    const again = await fake.sendWebhook(url, 'run.awaiting_input', runId, delivery);
    expect(again.body).toMatchObject({ ignored: expect.stringMatching(/before/) });
    expect(runReads()).toBe(2);
  });

  async function healthOfSource() {
    const sources = (await h.api('GET', '/sources')).body.items as {
      id: string;
      health: unknown;
    }[];
    return sources.find((s) => s.id === sourceId)!.health as { status: string; lastError: string };
  }

  it.each([{}, true, 42, null, '', ['perm_1']])(
    'a gate whose request_id is %j is a failure on the source, never a 500 or a request',
    async (requestId) => {
      const runId = fake.createRun({ name: 'Odd gate' });
      fake.openOddGate(runId, requestId);
      for (let push = 0; push < 3; push += 1) {
        const res = await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId);
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({
          error: { message: expect.stringContaining('request_id') },
        });
      }
      expect(await healthOfSource()).toMatchObject({
        status: 'error',
        lastError: expect.stringContaining('request_id'),
      });
      const polled = await h.poll(sourceId);
      expect(polled.status).toBe(200);
      expect(polled.body.source.health.lastError).toContain('request_id');
      expect(await h.runsOf(sourceId)).toHaveLength(0);
    },
  );

  it('a good gate next to an odd one is taken once the odd one is gone', async () => {
    const runId = fake.createRun({ name: 'Mixed gates' });
    const odd = fake.openOddGate(runId, null);
    fake.openGate(runId, refundGate);
    expect((await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId)).status).toBe(
      503,
    );
    fake.runs.get(runId)!.gates.splice(fake.runs.get(runId)!.gates.indexOf(odd), 1);
    for (let push = 0; push < 2; push += 1) {
      expect(
        (await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', runId)).status,
      ).toBe(200);
    }
    const [run] = await h.runsOf(sourceId);
    expect((await h.api('GET', `/runs/${run!.id}`)).body.requests).toHaveLength(1);
  });

  it('acknowledges a signed webhook for a run m8tes does not have, so m8tes stops sending it', async () => {
    const res = await fake.sendWebhook(h.hookUrl(sourceId), 'run.awaiting_input', 999_999);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, ignored: expect.stringContaining('404') });
    expect(await healthOfSource()).toMatchObject({
      status: 'error',
      lastError: expect.stringContaining('does not have'),
    });
    expect(await h.runsOf(sourceId)).toHaveLength(0);
  });

  it('answers 422 to a signed body it cannot read, and 503 when m8tes cannot be read back', async () => {
    const url = h.hookUrl(sourceId);
    const garbled = await fake.sendWebhook(url, 'run.awaiting_input', 0, { body: '{"event": 42' });
    expect(garbled.status).toBe(422);
    const noRun = await fake.sendWebhook(url, 'run.awaiting_input', 0, {
      body: '{"event":"run.started"}',
    });
    expect(noRun.status).toBe(422);
    fake.refuse(true);
    const unreadable = await fake.sendWebhook(url, 'run.awaiting_input', fake.createRun());
    expect(unreadable.status).toBe(503);
    expect(unreadable.body).toMatchObject({ error: { message: expect.stringContaining('503') } });
    fake.refuse(null);
    const ignored = await fake.sendWebhook(url, 'balance.low', 0, {
      body: '{"event":"balance.low"}',
    });
    expect(ignored.status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(0);
  });

  it('shows gate_resolved_otherwise on the request as a failed delivery, never a success', async () => {
    const runId = fake.createRun({ name: 'Contested' });
    const gate = fake.openGate(runId, refundGate);
    const run = await discoverByWebhook(runId);
    fake.resolveGate(runId, gate.request_id, 'denied');

    await h.api('POST', `/requests/${run.requests[0].id}/response`, { decision: 'approve' });
    const request = await deliveredRequest(run.requests[0].id);
    expect(request.delivery.status).toBe('failed');
    expect(request.delivery.lastError).toMatch(
      /^Already answered on m8tes: .*gate_resolved_otherwise/,
    );
    const timeline = (await h.api('GET', `/runs/${run.id}`)).body.timeline;
    expect(timeline.some((e: { type: string }) => e.type === 'request.delivery_conflict')).toBe(
      true,
    );
    expect(timeline.some((e: { type: string }) => e.type === 'request.delivered')).toBe(false);
  });

  it('stops the run on m8tes when a reviewer stops it', async () => {
    const runId = fake.createRun({ name: 'To stop' });
    fake.openGate(runId, refundGate);
    const run = await discoverByWebhook(runId);
    const stopped = await h.api('POST', `/runs/${run.id}/stop`);
    expect(stopped.status).toBe(200);
    await eventually(async () => (fake.runs.get(runId)!.status === 'cancelled' ? true : undefined));
    expect(fake.callsTo('POST', `/api/v2/runs/${runId}/cancel`)).toHaveLength(1);
    const timeline = await eventually(async () => {
      const events = (await h.api('GET', `/runs/${run.id}`)).body.timeline as { message: string }[];
      return events.some((e) => e.message === 'Stopped on m8tes') ? events : undefined;
    });
    expect(timeline.length).toBeGreaterThan(0);
  });

  it('finishes the run and cancels its pending requests when m8tes reports it completed', async () => {
    const runId = fake.createRun({ name: 'Finishes elsewhere' });
    fake.openGate(runId, refundGate);
    const run = await discoverByWebhook(runId);
    fake.finishRun(runId, 'completed');
    expect((await fake.sendWebhook(h.hookUrl(sourceId), 'run.completed', runId)).status).toBe(200);
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail.status).toBe('completed');
    expect(detail.requests[0].status).toBe('cancelled');
  });
});
