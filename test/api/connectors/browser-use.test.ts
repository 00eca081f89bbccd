import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultHandbackTask } from '../../../src/server/connectors/browser-use/browser-use-delivery';
import { startBrowserUseFake, type BrowserUseFake } from '../../fakes/browser-use';
import { eventually, startHarness, type Harness } from './harness';

const apiKey = 'bu_test_key';
const webhookSecret = 'bu_webhook_secret';
let h: Harness;
let fake: BrowserUseFake;
let sourceId: string;

beforeAll(async () => {
  fake = await startBrowserUseFake({ apiKey, webhookSecret });
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await fake.close();
});
beforeEach(async () => {
  fake.refuse(null);
  fake.answerOddly(null);
  for (const session of fake.sessions.values()) fake.stopElsewhere(session.id);
  sourceId = await h.createSource({
    kind: 'browser-use',
    name: 'Browser Use',
    baseUrl: fake.baseUrl,
    secrets: { apiKey, webhookSecret },
  });
});

/** A kept-alive session whose first task has ended and now waits for a person. */
function sessionWaitingForAPerson(output = 'The site asks for a login I do not have.') {
  const session = fake.createSession({ keepAlive: true });
  const task = fake.runTask(session.id, 'Book a table for two at 7pm on opentable.com', {
    customer: 'cust_42',
  });
  fake.endTask(task.id, 'finished', output);
  return { session, task };
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

describe('Browser Use connector', () => {
  it('turns a finished task on a kept-alive session into a takeover and hands back with a follow-up task once', async () => {
    const { session, task } = sessionWaitingForAPerson();
    const hook = await fake.sendStatusUpdate(h.hookUrl(sourceId), task.id);
    expect(hook.status).toBe(200);
    const run = await runDetail();
    expect(run).toMatchObject({
      externalId: session.id,
      title: 'Book a table for two at 7pm on opentable.com',
      customer: 'cust_42',
      liveUrl: session.liveUrl,
      status: 'waiting',
    });
    const [request] = run.requests;
    expect(request.kind).toBe('takeover');
    expect(request.instructions).toContain('The site asks for a login I do not have.');
    expect(request.instructions).toContain('Task: Book a table for two at 7pm on opentable.com');

    expect((await fake.sendStatusUpdate(h.hookUrl(sourceId), task.id)).status).toBe(200);
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });

    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      decision: 'handback',
      followUp: 'I logged in. Finish the booking.',
    });
    expect(answered.status).toBe(200);
    const delivered = await settledRequest(request.id);
    expect(delivered.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const calls = fake
      .taskCalls()
      .filter((c) => (c.body as { sessionId?: string }).sessionId === session.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      task: 'I logged in. Finish the booking.',
      sessionId: session.id,
    });
    expect(calls[0]!.headers['x-browser-use-api-key']).toBe(apiKey);

    const followUp = session.tasks[1]!;
    expect(followUp.task).toBe('I logged in. Finish the booking.');
    fake.endTask(followUp.id, 'finished', 'Booked for 7pm, confirmation 1234.');
    expect(
      (await fake.sendStatusUpdate(h.hookUrl(sourceId), followUp.id, { variant: 'raw' })).status,
    ).toBe(200);
    const again = await runDetail();
    expect(again.requests).toHaveLength(2);
    expect(again.requests[1].instructions).toContain('confirmation 1234');
  });

  it('sends the default follow-up when the reviewer hands back without one', async () => {
    const { session } = sessionWaitingForAPerson();
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 1, requestsCreated: 1 });
    const run = await runDetail();
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { decision: 'handback' });
    await settledRequest(run.requests[0].id);
    expect(fake.taskCalls().at(-1)!.body).toEqual({
      task: defaultHandbackTask,
      sessionId: session.id,
    });
  });

  it('discovers waiting sessions by polling alone, once, and ignores sessions still at work', async () => {
    const busy = fake.createSession({ keepAlive: true });
    fake.runTask(busy.id, 'Still working on it');
    const oneOff = fake.createSession({ keepAlive: false });
    fake.endTask(fake.runTask(oneOff.id, 'Done and closed').id, 'finished', 'ok');
    const { session } = sessionWaitingForAPerson();

    const first = await h.poll(sourceId);
    expect(first.body).toMatchObject({ runsCreated: 1, requestsCreated: 1 });
    expect(first.body.source.health.status).toBe('ok');
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });
    expect((await runDetail()).externalId).toBe(session.id);

    fake.stopElsewhere(session.id);
    await h.poll(sourceId);
    const detail = await runDetail();
    expect(detail.status).toBe('completed');
    expect(detail.requests[0].status).toBe('cancelled');
  });

  it('names a session or session list that does not fit Browser Use’s API on the source, and makes no run of it', async () => {
    const { session, task } = sessionWaitingForAPerson();
    const sessionPath = new RegExp(`^/api/v2/sessions/${session.id}$`);
    for (const odd of [
      ['not', 'a session'],
      { status: 'active', keepAlive: true, tasks: [{ id: {}, status: 'finished' }] },
      { status: 'active', keepAlive: true, tasks: 'none' },
    ]) {
      fake.answerOddly(null);
      fake.answerOddly('GET', sessionPath, odd);
      const hook = await fake.sendStatusUpdate(h.hookUrl(sourceId), task.id);
      expect(hook.status).toBe(503);
      expect(await h.healthOf(sourceId)).toMatchObject({
        status: 'error',
        lastError: expect.stringContaining('did not fit'),
      });
      expect(await h.runsOf(sourceId)).toHaveLength(0);
    }

    fake.answerOddly(null);
    fake.answerOddly('GET', /^\/api\/v2\/sessions$/, { items: 'none', totalItems: 1 });
    const polled = await h.poll(sourceId);
    expect(polled.body.source.health).toMatchObject({
      status: 'error',
      lastError: expect.stringContaining('did not fit'),
    });
    expect(await h.runsOf(sourceId)).toHaveLength(0);

    fake.answerOddly(null);
    expect((await fake.sendStatusUpdate(h.hookUrl(sourceId), task.id)).status).toBe(200);
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });
    expect(await h.runsOf(sourceId)).toHaveLength(1);
    expect((await runDetail()).requests).toHaveLength(1);
  });

  it('refuses unverifiable webhooks in both signing variants with 401 and stores nothing', async () => {
    const { task } = sessionWaitingForAPerson();
    const url = h.hookUrl(sourceId);
    const stale = Math.floor(Date.now() / 1000) - 600;
    const refused = [
      await fake.sendStatusUpdate(url, task.id, { tamper: true }),
      await fake.sendStatusUpdate(url, task.id, { secret: 'not-the-secret' }),
      await fake.sendStatusUpdate(url, task.id, { timestamp: stale }),
      await fake.sendStatusUpdate(url, task.id, { omitSignature: true }),
      await fake.sendStatusUpdate(url, task.id, { variant: 'raw', tamper: true }),
      await fake.sendStatusUpdate(url, task.id, { variant: 'raw', secret: 'not-the-secret' }),
      await fake.sendStatusUpdate(url, task.id, { variant: 'raw', timestamp: stale }),
      await fake.sendStatusUpdate(url, task.id, { variant: 'raw', omitSignature: true }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);
    expect((await fake.sendStatusUpdate(url, task.id, { variant: 'raw' })).status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
  });

  it('shows a hand back the session can no longer take as refused, never as delivered', async () => {
    const { session, task } = sessionWaitingForAPerson();
    await fake.sendStatusUpdate(h.hookUrl(sourceId), task.id);
    const run = await runDetail();
    fake.runTask(session.id, 'Someone else went on from the dashboard');

    await h.api('POST', `/requests/${run.requests[0].id}/response`, {
      decision: 'handback',
      followUp: 'Carry on',
    });
    const refused = await settledRequest(run.requests[0].id);
    expect(refused.delivery.status).toBe('failed');
    expect(refused.delivery.lastError).toMatch(
      /^Already answered on Browser Use: .*Session has a running task/,
    );
    const timeline = (await runDetail()).timeline as { type: string }[];
    expect(timeline.some((e) => e.type === 'request.delivery_conflict')).toBe(true);
    expect(timeline.some((e) => e.type === 'request.delivered')).toBe(false);
    expect(session.tasks.filter((t) => t.task === 'Carry on')).toHaveLength(0);
  });

  it('starts the follow-up once even when Browser Use fails after accepting it', async () => {
    const { session } = sessionWaitingForAPerson();
    await h.poll(sourceId);
    const run = await runDetail();
    let failNext = true;
    fake.refuse((call) => {
      // The first POST /tasks reaches Browser Use (the task starts) but its answer is lost.
      if (call.method !== 'POST' || !failNext) return false;
      failNext = false;
      fake.runTask(session.id, 'Continue after the login');
      return true;
    });
    await h.api('POST', `/requests/${run.requests[0].id}/response`, {
      decision: 'handback',
      followUp: 'Continue after the login',
    });
    const delivered = await settledRequest(run.requests[0].id);
    expect(delivered.delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(session.tasks.filter((t) => t.task === 'Continue after the login')).toHaveLength(1);
    const calls = fake
      .taskCalls()
      .filter((c) => (c.body as { sessionId?: string }).sessionId === session.id);
    expect(calls.map((c) => c.replyStatus)).toEqual([503]);
  });

  it('stops the session on a stop decision and when a reviewer stops the run', async () => {
    const { session } = sessionWaitingForAPerson();
    await h.poll(sourceId);
    const run = await runDetail();
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { decision: 'stop' });
    expect((await settledRequest(run.requests[0].id)).delivery.status).toBe('delivered');
    const stops = fake.callsTo('PATCH', `/api/v2/sessions/${session.id}`);
    expect(stops.map((c) => c.body)).toEqual([{ action: 'stop' }]);
    expect(session.status).toBe('stopped');

    const other = sessionWaitingForAPerson().session;
    await h.poll(sourceId);
    const runs = await h.runsOf(sourceId);
    const second = runs.find((r) => r.id !== run.id)!;
    expect((await h.api('POST', `/runs/${second.id}/stop`)).status).toBe(200);
    await eventually(async () => (other.status === 'stopped' ? true : undefined));
    expect(fake.callsTo('PATCH', `/api/v2/sessions/${other.id}`)).toHaveLength(1);
    await eventually(async () => {
      const timeline = (await h.api('GET', `/runs/${second.id}`)).body.timeline as {
        message: string;
      }[];
      return timeline.some((e) => e.message === 'Stopped on Browser Use') ? true : undefined;
    });
  });

  it('tests the connection and reports a refused key', async () => {
    const ok = await h.api('POST', `/sources/${sourceId}/test`);
    expect(ok.body).toMatchObject({ ok: true, message: expect.stringContaining('Browser Use') });
    await h.api('PATCH', `/sources/${sourceId}`, { secrets: { apiKey: 'wrong' } });
    const bad = await h.api('POST', `/sources/${sourceId}/test`);
    expect(bad.body).toMatchObject({ ok: false, message: expect.stringContaining('401') });
  });
});
