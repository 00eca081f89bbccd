import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAnchorFake, type AnchorFake } from '../../fakes/anchor';
import { eventually, startHarness, type Harness } from './harness';

const apiKey = 'sk-anchor-test';
const webhookSecret = 'whsec_anchor_test';
let h: Harness;
let fake: AnchorFake;
let sourceId: string;

beforeAll(async () => {
  fake = await startAnchorFake({ apiKey, webhookSecret });
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await fake.close();
});
beforeEach(async () => {
  fake.refuse(null);
  fake.answerOddly(null);
  for (const session of fake.sessions.values()) fake.endSession(session.id);
  sourceId = await h.createSource({
    kind: 'anchor',
    name: 'Anchor',
    baseUrl: fake.url,
    secrets: { apiKey, webhookSecret },
  });
});

const codeFields = [
  {
    name: 'code',
    label: 'Verification code',
    description: 'Six digits from the authenticator app',
    required: true,
  },
  { name: 'note', label: 'Note for the agent', required: false, defaultValue: 'none' },
];

async function discoverByWebhook(sessionId: string) {
  const res = await fake.sendInterventionRequested(h.hookUrl(sourceId), sessionId);
  expect(res.status).toBe(200);
  const runs = await h.runsOf(sourceId);
  expect(runs).toHaveLength(1);
  return (await h.api('GET', `/runs/${runs[0]!.id}`)).body;
}

async function runDetail() {
  const [run] = await h.runsOf(sourceId);
  return (await h.api('GET', `/runs/${run!.id}`)).body;
}

async function settledRequest(requestId: string) {
  return eventually(async () => {
    const res = await h.api('GET', `/requests/${requestId}`);
    return res.body.delivery.status === 'pending' ? undefined : res.body;
  });
}

const messages = (timeline: { message: string }[]) => timeline.map((e) => e.message);

describe('Anchor Browser connector', () => {
  it('turns an intervention webhook into a message with its fields and sends { requestId, response } once', async () => {
    const session = fake.startSession(['billing']);
    const item = fake.requestIntervention(session.id, 'The bank asks for a code', codeFields);

    const run = await discoverByWebhook(session.id);
    expect(run).toMatchObject({
      externalId: session.id,
      title: `Anchor session ${session.id.slice(0, 8)} · billing`,
      liveUrl: session.live_view_url,
      status: 'waiting',
    });
    const [request] = run.requests;
    expect(request).toMatchObject({
      kind: 'message',
      message: 'The bank asks for a code',
      fields: [
        {
          name: 'code',
          label: 'Verification code',
          required: true,
          placeholder: 'Six digits from the authenticator app',
        },
        { name: 'note', label: 'Note for the agent', required: false, defaultValue: 'none' },
      ],
    });

    expect((await fake.sendInterventionRequested(h.hookUrl(sourceId), session.id)).status).toBe(
      200,
    );
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });

    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      fields: { code: '481516', note: 'Use the savings account' },
    });
    expect(answered.status).toBe(200);
    const delivered = await settledRequest(request.id);
    expect(delivered.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const calls = fake.respondCalls(session.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      requestId: item.requestId,
      response: JSON.stringify({ code: '481516', note: 'Use the savings account' }),
    });
    expect(calls[0]!.headers['anchor-api-key']).toBe(apiKey);
    expect(item).toMatchObject({ status: 'resolved' });
  });

  it('carries field names such as __proto__ and constructor from Anchor to the answer it sends back', async () => {
    const session = fake.startSession();
    const names = ['__proto__', 'constructor', 'toString'];
    const item = fake.requestIntervention(
      session.id,
      'Odd names',
      names.map((name) => ({ name, label: `Field ${name}`, required: true })),
    );
    const run = await discoverByWebhook(session.id);
    const [request] = run.requests;
    expect(request.fields.map((f: { name: string }) => f.name)).toEqual(names);
    const fields = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}');
    const answered = await h.api('POST', `/requests/${request.id}/response`, { fields });
    expect(answered.status).toBe(200);
    await settledRequest(request.id);
    expect(fake.respondCalls(session.id)[0]!.body).toEqual({
      requestId: item.requestId,
      response: '{"__proto__":"p","constructor":"c","toString":"t"}',
    });
  });

  it('reads a field whose label or required flag has the wrong type by its name', async () => {
    const session = fake.startSession();
    fake.requestIntervention(session.id, 'Odd field', [
      { name: 'code', label: 42 as never, required: 'yes' as never },
    ]);
    const run = await discoverByWebhook(session.id);
    expect(run.requests[0].fields).toEqual([{ name: 'code', label: 'code' }]);
  });

  it('ignores signed events whose type is a name Object.prototype has', async () => {
    const session = fake.startSession();
    for (const type of ['constructor', 'toString', '__proto__']) {
      const res = await fake.sendWebhook(h.hookUrl(sourceId), type, { session_id: session.id });
      expect(res.status).toBe(200);
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);
  });

  it('discovers interventions by polling alone, once, answers text, and cancels ones resolved on Anchor', async () => {
    const session = fake.startSession();
    const first = fake.requestIntervention(
      session.id,
      'Which of the two invoices is the right one?',
    );
    const polled = await h.poll(sourceId);
    expect(polled.body).toMatchObject({ runsCreated: 1, requestsCreated: 1 });
    expect(polled.body.source.health.status).toBe('ok');
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });

    const run = await runDetail();
    expect(run.requests[0]).toMatchObject({ kind: 'message', status: 'pending' });
    expect(run.requests[0]).not.toHaveProperty('fields');
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { text: 'The March one' });
    await settledRequest(run.requests[0].id);
    expect(fake.respondCalls(session.id).map((c) => c.body)).toEqual([
      { requestId: first.requestId, response: 'The March one' },
    ]);

    const second = fake.requestIntervention(session.id, 'Confirm the address?');
    await h.poll(sourceId);
    fake.resolveElsewhere(session.id, second.requestId);
    await h.poll(sourceId);
    const detail = await runDetail();
    expect(detail.requests.map((r: { status: string }) => r.status)).toEqual([
      'answered',
      'cancelled',
    ]);
    expect(detail.status).toBe('running');
  });

  it('names an intervention list or session list that does not fit Anchor’s API on the source, and takes nothing from it', async () => {
    const session = fake.startSession();
    const item = fake.requestIntervention(session.id, 'Which account?');
    const interventions = new RegExp(
      `^/v1/sessions/${session.id}/agent/requested-human-intervention$`,
    );
    for (const odd of [
      { data: { requests: [{ requestId: {}, message: 'Which account?' }] } },
      { data: { requests: 'none' } },
      { requests: [item] },
    ]) {
      fake.answerOddly(null);
      fake.answerOddly('GET', interventions, odd);
      expect((await fake.sendInterventionRequested(h.hookUrl(sourceId), session.id)).status).toBe(
        503,
      );
      expect(await h.healthOf(sourceId)).toMatchObject({
        status: 'error',
        lastError: expect.stringContaining('did not fit'),
      });
      expect(await h.runsOf(sourceId)).toHaveLength(0);
    }
    for (const [path, odd] of [
      [/^\/v1\/sessions\/pending-interventions$/, { data: { items: [{ ...item, sessionId: 7 }] } }],
      [/^\/v1\/sessions\/all\/status$/, { data: { items: 'none' } }],
    ] as const) {
      fake.answerOddly(null);
      fake.answerOddly('GET', path, odd);
      expect((await h.poll(sourceId)).body.source.health).toMatchObject({
        status: 'error',
        lastError: expect.stringContaining('did not fit'),
      });
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);

    fake.answerOddly(null);
    const run = await discoverByWebhook(session.id);
    expect(run.requests).toHaveLength(1);
    expect(run.requests[0]).toMatchObject({ kind: 'message', message: 'Which account?' });
  });

  it('raises a takeover while the agent is paused, resumes it on hand back, and ends the session on stop', async () => {
    const session = fake.startSession();
    fake.pause(session.id);
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 1, requestsCreated: 1 });
    let run = await runDetail();
    expect(run.liveUrl).toBe(session.live_view_url);
    expect(run.requests[0]).toMatchObject({
      kind: 'takeover',
      instructions: expect.stringContaining('paused'),
    });

    await h.api('POST', `/requests/${run.requests[0].id}/response`, {
      decision: 'handback',
      followUp: 'Pick the cheaper plan',
    });
    expect((await settledRequest(run.requests[0].id)).delivery.status).toBe('delivered');
    expect(fake.callsTo('POST', `/v1/sessions/${session.id}/agent/resume`)).toHaveLength(1);
    expect(session.agentStatus).toBe('running');
    run = await runDetail();
    expect(messages(run.timeline)).toContain(
      'Delivered to Anchor Browser; Anchor Browser resumes the agent without a message, so the follow-up was not passed on',
    );

    fake.pause(session.id);
    expect((await h.poll(sourceId)).body.requestsCreated).toBe(1);
    run = await runDetail();
    await h.api('POST', `/requests/${run.requests[1].id}/response`, { decision: 'stop' });
    expect((await settledRequest(run.requests[1].id)).delivery.status).toBe('delivered');
    expect(fake.callsTo('DELETE', `/v1/sessions/${session.id}`)).toHaveLength(1);
    await h.poll(sourceId);
    expect((await runDetail()).status).toBe('stopped');
  });

  it('builds the live view from the session id as Anchor documents it, and shows none for a headless or ended session', async () => {
    const headful = fake.startSession();
    fake.requestIntervention(headful.id, 'Pick a seat');
    const run = await discoverByWebhook(headful.id);
    expect(run.liveUrl).toBe(`https://live.anchorbrowser.io?sessionId=${headful.id}`);
    expect(run.liveUrl).toBe(headful.live_view_url);

    const headless = fake.startSession([], true);
    fake.requestIntervention(headless.id, 'Pick a meal');
    await fake.sendInterventionRequested(h.hookUrl(sourceId), headless.id);
    const runs = (await h.runsOf(sourceId)) as {
      id: string;
      externalId: string;
      liveUrl: string;
    }[];
    expect(runs.find((r) => r.externalId === headless.id)!.liveUrl).toBeNull();

    fake.endSession(headful.id, 'completed');
    await h.poll(sourceId);
    const ended = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(ended).toMatchObject({ status: 'completed', liveUrl: null });
  });

  it('refuses unverifiable webhooks with 401 and stores nothing', async () => {
    const session = fake.startSession();
    fake.requestIntervention(session.id, 'Solve the puzzle?');
    const url = h.hookUrl(sourceId);
    const refused = [
      await fake.sendInterventionRequested(url, session.id, { tamper: true }),
      await fake.sendInterventionRequested(url, session.id, { secret: 'whsec_wrong' }),
      await fake.sendInterventionRequested(url, session.id, {
        timestamp: Math.floor(Date.now() / 1000) - 300,
      }),
      await fake.sendInterventionRequested(url, session.id, { omitSignature: true }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);
    expect((await fake.sendInterventionRequested(url, session.id)).status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
  });

  it('shows an answer Anchor can no longer take as refused, never as delivered', async () => {
    const session = fake.startSession();
    const item = fake.requestIntervention(session.id, 'Approve the transfer?');
    const run = await discoverByWebhook(session.id);
    fake.resolveElsewhere(session.id, item.requestId);

    await h.api('POST', `/requests/${run.requests[0].id}/response`, { text: 'Yes' });
    const refused = await settledRequest(run.requests[0].id);
    expect(refused.delivery.status).toBe('failed');
    expect(refused.delivery.lastError).toMatch(
      /^Already answered on Anchor Browser: the intervention is no longer pending there/,
    );
    const timeline = (await runDetail()).timeline as { type: string }[];
    expect(timeline.some((e) => e.type === 'request.delivery_conflict')).toBe(true);
    expect(timeline.some((e) => e.type === 'request.delivered')).toBe(false);

    fake.requestIntervention(session.id, 'And the second transfer?');
    await h.poll(sourceId);
    fake.endSession(session.id, 'ended');
    const [, second] = (await runDetail()).requests;
    await h.api('POST', `/requests/${second.id}/response`, { text: 'No' });
    const ended = await settledRequest(second.id);
    expect(ended.delivery.status).toBe('failed');
    expect(ended.delivery.lastError).toMatch(/Session is not running/);
  });

  it('names what Anchor said when it refuses an answer or a hand back, never "already answered"', async () => {
    const runOf = async (sessionId: string) => {
      const runs = (await h.runsOf(sourceId)) as { id: string; externalId: string }[];
      const run = runs.find((r) => r.externalId === sessionId)!;
      return (await h.api('GET', `/runs/${run.id}`)).body;
    };
    const refusedIn = async (runId: string) => {
      const timeline = (await h.api('GET', `/runs/${runId}`)).body.timeline as { type: string }[];
      return timeline.map((e) => e.type).filter((t) => t.startsWith('request.delivery_'));
    };

    // The session ended before the answer arrived: Anchor answers 400 "Session is not running".
    const ended = fake.startSession();
    fake.requestIntervention(ended.id, 'Which invoice?');
    await fake.sendInterventionRequested(h.hookUrl(sourceId), ended.id);
    const first = await runOf(ended.id);
    fake.endSession(ended.id, 'ended');
    await h.api('POST', `/requests/${first.requests[0].id}/response`, { text: 'The March one' });
    const stopped = await settledRequest(first.requests[0].id);
    expect(stopped.delivery.status).toBe('failed');
    expect(stopped.delivery.lastError).not.toMatch(/already answered/i);
    expect(stopped.delivery.lastError).toMatch(/^The session has ended on Anchor Browser/);
    expect(stopped.delivery.lastError).toMatch(/Session is not running/);
    expect(await refusedIn(first.id)).toEqual(['request.delivery_failed']);

    // A running session whose intervention still waits: the request itself was refused.
    const running = fake.startSession();
    fake.requestIntervention(running.id, 'Which address?');
    await fake.sendInterventionRequested(h.hookUrl(sourceId), running.id);
    const second = await runOf(running.id);
    const respond = new RegExp(`^/v1/sessions/${running.id}/agent/respond-to-human-intervention$`);
    const refusal = { error: { code: 400, message: 'response must be a string' } };
    fake.answerOddly('POST', respond, refusal, 400);
    await h.api('POST', `/requests/${second.requests[0].id}/response`, { text: 'Main street' });
    const refused = await settledRequest(second.requests[0].id);
    fake.answerOddly(null);
    expect(refused.delivery).toMatchObject({
      status: 'failed',
      lastError: 'Anchor Browser refused the answer: HTTP 400: response must be a string',
    });
    expect(await refusedIn(second.id)).toEqual(['request.delivery_failed']);

    // A hand back to a paused agent whose session has ended since.
    const paused = fake.startSession();
    fake.pause(paused.id);
    await h.poll(sourceId);
    const third = await runOf(paused.id);
    fake.endSession(paused.id, 'ended');
    await h.api('POST', `/requests/${third.requests[0].id}/response`, { decision: 'handback' });
    const notResumed = await settledRequest(third.requests[0].id);
    expect(notResumed.delivery.status).toBe('failed');
    expect(notResumed.delivery.lastError).not.toMatch(/already answered/i);
    expect(notResumed.delivery.lastError).toMatch(/^The session has ended on Anchor Browser/);
  });

  it('keeps retrying while Anchor refuses and delivers once when it is back', async () => {
    const session = fake.startSession();
    fake.requestIntervention(session.id, 'Which size?');
    const run = await discoverByWebhook(session.id);
    fake.refuse((call) => call.path.endsWith('/respond-to-human-intervention'));
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { text: 'Large' });
    await eventually(async () => (fake.respondCalls(session.id).length >= 2 ? true : undefined));
    const waiting = (await h.api('GET', `/requests/${run.requests[0].id}`)).body;
    expect(waiting.delivery).toMatchObject({
      status: 'pending',
      lastError: expect.stringContaining('503'),
    });
    fake.refuse(null);
    const delivered = await settledRequest(run.requests[0].id);
    expect(delivered.delivery.status).toBe('delivered');
    expect(delivered.delivery.attempts).toBeGreaterThan(1);
    const accepted = fake.respondCalls(session.id).filter((c) => c.replyStatus === 200);
    expect(accepted).toHaveLength(1);
  });

  it('ends the session when a reviewer stops the run, and finishes runs Anchor reports ended', async () => {
    const session = fake.startSession();
    fake.requestIntervention(session.id, 'Continue?');
    const run = await discoverByWebhook(session.id);
    expect((await h.api('POST', `/runs/${run.id}/stop`)).status).toBe(200);
    await eventually(async () => (session.status === 'ended' ? true : undefined));
    expect(fake.callsTo('DELETE', `/v1/sessions/${session.id}`)).toHaveLength(1);
    await eventually(async () =>
      messages((await runDetail()).timeline).includes('Stopped on Anchor Browser')
        ? true
        : undefined,
    );

    const other = fake.startSession();
    fake.requestIntervention(other.id, 'Upload which file?');
    await fake.sendInterventionRequested(h.hookUrl(sourceId), other.id);
    fake.endSession(other.id, 'completed');
    const ended = await fake.sendWebhook(h.hookUrl(sourceId), 'session.completed', {
      session_id: other.id,
    });
    expect(ended.status).toBe(200);
    const runs = await h.runsOf(sourceId);
    const detail = (await h.api('GET', `/runs/${runs.find((r) => r.id !== run.id)!.id}`)).body;
    expect(detail.status).toBe('completed');
    expect(detail.requests[0].status).toBe('cancelled');
  });

  it('tests the connection and reports a refused key', async () => {
    const ok = await h.api('POST', `/sources/${sourceId}/test`);
    expect(ok.body).toMatchObject({ ok: true, message: expect.stringContaining('Anchor Browser') });
    await h.api('PATCH', `/sources/${sourceId}`, { secrets: { apiKey: 'wrong' } });
    const bad = await h.api('POST', `/sources/${sourceId}/test`);
    expect(bad.body).toMatchObject({ ok: false, message: expect.stringContaining('401') });
  });
});
