import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCrewAiFake, type CrewAiFake } from '../../fakes/crewai';
import { eventually, startHarness, type Harness } from './harness';

const apiToken = 'crew_bearer_token';
const webhookToken = 'hitl-webhook-token';
const kickoffUrls = {
  taskWebhookUrl: 'https://hooks.example.com/crew/task',
  stepWebhookUrl: 'https://hooks.example.com/crew/step',
  crewWebhookUrl: 'https://hooks.example.com/crew/done',
};
let h: Harness;
let fake: CrewAiFake;
let sourceId: string;

beforeAll(async () => {
  fake = await startCrewAiFake({ apiToken, inputs: ['topic', 'audience'] });
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await fake.close();
});
beforeEach(async () => {
  fake.refuse(null);
  fake.answerOddly(null);
  fake.setStopSupported(true);
  sourceId = await h.createSource({
    kind: 'crewai',
    name: 'Research crew',
    baseUrl: fake.url,
    settings: kickoffUrls,
    secrets: { apiToken, webhookToken },
  });
});

/** Kicks off the crew the way the team's code does, pointing its human input at Countersign. */
function kickoff(
  authentication: Record<string, string> = { strategy: 'bearer', token: webhookToken },
) {
  return fake.kickoff({
    inputs: { topic: 'AI agents', audience: 'CTOs' },
    ...kickoffUrls,
    humanInputWebhook: { url: h.hookUrl(sourceId), authentication } as never,
  });
}

async function discoverReview(kickoffId: string, taskId: string, output: string) {
  fake.askForReview(kickoffId, taskId, output);
  const res = await fake.sendHumanInputWebhook(kickoffId);
  expect(res.status).toBe(200);
  const runs = await h.runsOf(sourceId);
  expect(runs).toHaveLength(1);
  return (await h.api('GET', `/runs/${runs[0]!.id}`)).body;
}

async function settledRequest(requestId: string) {
  return eventually(async () => {
    const res = await h.api('GET', `/requests/${requestId}`);
    return res.body.delivery.status === 'pending' ? undefined : res.body;
  });
}

describe('CrewAI connector', () => {
  it('turns a human-input webhook into a review and approves through /resume with the kickoff webhook URLs, once', async () => {
    const kickoffId = kickoff();
    const run = await discoverReview(
      kickoffId,
      'research_task',
      '## Findings\n\n- Agents need approvals',
    );
    expect(run).toMatchObject({ externalId: kickoffId, status: 'waiting' });
    const [request] = run.requests;
    expect(request).toMatchObject({
      kind: 'review',
      output: '## Findings\n\n- Agents need approvals',
      title: 'Task research_task',
      status: 'pending',
    });

    expect((await fake.sendHumanInputWebhook(kickoffId)).status).toBe(200);
    expect((await h.api('GET', `/runs/${run.id}`)).body.requests).toHaveLength(1);

    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      decision: 'approve',
    });
    expect(answered.status).toBe(200);
    const delivered = await settledRequest(request.id);
    expect(delivered.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const calls = fake.resumeCalls(kickoffId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      execution_id: kickoffId,
      task_id: 'research_task',
      human_feedback: '',
      is_approve: true,
      ...kickoffUrls,
    });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${apiToken}`);
    expect(fake.executions.get(kickoffId)!.webhookUrls).toEqual(kickoffUrls);
  });

  it('repeats on /resume the webhook URLs of each kickoff, carried in its human-input webhook URL', async () => {
    const campaign = {
      taskWebhookUrl: 'https://campaigns.example.com/task?id=7&kind=a',
      crewWebhookUrl: 'https://campaigns.example.com/done',
    };
    const nightly = {
      taskWebhookUrl: 'https://nightly.example.net/t',
      stepWebhookUrl: 'https://nightly.example.net/s',
      crewWebhookUrl: 'https://nightly.example.net/c',
    };
    const authentication = { strategy: 'bearer', token: webhookToken };
    const start = (urls: Record<string, string>) =>
      fake.kickoff({
        inputs: { topic: 'AI agents', audience: 'CTOs' },
        ...urls,
        humanInputWebhook: {
          url: `${h.hookUrl(sourceId)}?${new URLSearchParams(urls)}`,
          authentication,
        } as never,
      });
    const kickoffs = [
      { id: start(campaign), urls: campaign },
      { id: start(nightly), urls: nightly },
      // A kickoff whose webhook URL carries none: the source's URLs stand in.
      { id: start({}), urls: kickoffUrls },
    ];
    for (const [index, kickoff] of kickoffs.entries()) {
      fake.askForReview(kickoff.id, `task_${index}`, `Output ${index}`);
      expect((await fake.sendHumanInputWebhook(kickoff.id)).status).toBe(200);
    }
    const runs = (await h.runsOf(sourceId)) as { id: string; externalId: string }[];
    for (const kickoff of kickoffs) {
      const run = runs.find((r) => r.externalId === kickoff.id)!;
      const detail = (await h.api('GET', `/runs/${run.id}`)).body;
      await h.api('POST', `/requests/${detail.requests[0].id}/response`, { decision: 'approve' });
      await settledRequest(detail.requests[0].id);
      const [call] = fake.resumeCalls(kickoff.id);
      expect(call!.body).toEqual({
        execution_id: kickoff.id,
        task_id: expect.any(String),
        human_feedback: '',
        is_approve: true,
        ...kickoff.urls,
      });
      expect(fake.executions.get(kickoff.id)!.webhookUrls).toEqual(kickoff.urls);
    }
  });

  it('keeps a pause whose webhook URL carries unusable kickoff URLs, naming them on the source', async () => {
    const noisy = `not a url\u0007\u001b[31m\n${'x'.repeat(5000)}`;
    const query = new URLSearchParams([
      ['taskWebhookUrl', 'javascript:alert(1)'],
      ['stepWebhookUrl', noisy],
      ['crewWebhookUrl', 'https://campaigns.example.com/done'],
    ]);
    const broken = fake.kickoff({
      inputs: { topic: 'AI agents', audience: 'CTOs' },
      humanInputWebhook: {
        url: `${h.hookUrl(sourceId)}?${query}`,
        authentication: { strategy: 'bearer', token: webhookToken },
      } as never,
    });
    const run = await discoverReview(broken, 'task_x', 'Output x');
    expect(run.requests).toMatchObject([{ kind: 'review', output: 'Output x', status: 'pending' }]);

    const health = await h.healthOf(sourceId);
    expect(health.status).toBe('error');
    expect(health.lastError).toContain('taskWebhookUrl "javascript:alert(1)"');
    expect(health.lastError).toContain('stepWebhookUrl "not a url\\x07\\x1b[31m\\n');
    expect(health.lastError).not.toContain('crewWebhookUrl');
    // One line per unusable parameter, as the source's problems are listed, each clipped and escaped.
    const lines = health.lastError.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/\p{Cc}/u);
    expect(lines[1].length).toBeLessThan(400);

    // The unusable URLs are never repeated: the source's stand in, the kickoff's usable one is kept.
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { decision: 'approve' });
    expect((await settledRequest(run.requests[0].id)).delivery.status).toBe('delivered');
    expect(fake.resumeCalls(broken)[0]!.body).toEqual({
      execution_id: broken,
      task_id: 'task_x',
      human_feedback: '',
      is_approve: true,
      taskWebhookUrl: kickoffUrls.taskWebhookUrl,
      stepWebhookUrl: kickoffUrls.stepWebhookUrl,
      crewWebhookUrl: 'https://campaigns.example.com/done',
    });
  });

  it('sends a rejection with feedback, and the retried task comes back as a new review', async () => {
    const kickoffId = kickoff();
    const run = await discoverReview(kickoffId, 'write_task', 'A first draft without sources.');
    await h.api('POST', `/requests/${run.requests[0].id}/response`, {
      decision: 'reject',
      feedback: 'Cite at least two sources.',
    });
    await settledRequest(run.requests[0].id);
    expect(fake.resumeCalls(kickoffId).map((c) => c.body)).toEqual([
      {
        execution_id: kickoffId,
        task_id: 'write_task',
        human_feedback: 'Cite at least two sources.',
        is_approve: false,
        ...kickoffUrls,
      },
    ]);
    expect(fake.executions.get(kickoffId)!.status).toBe('running');

    fake.askForReview(kickoffId, 'write_task', 'A second draft citing two sources.');
    expect((await fake.sendHumanInputWebhook(kickoffId)).status).toBe(200);
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail.status).toBe('waiting');
    expect(detail.requests.map((r: { status: string }) => r.status)).toEqual([
      'answered',
      'pending',
    ]);
    expect(detail.requests[1].output).toBe('A second draft citing two sources.');
    await h.api('POST', `/requests/${detail.requests[1].id}/response`, {
      decision: 'approve',
      feedback: 'Good.',
    });
    await settledRequest(detail.requests[1].id);
    expect(fake.resumeCalls(kickoffId).at(-1)!.body).toMatchObject({
      task_id: 'write_task',
      human_feedback: 'Good.',
      is_approve: true,
    });
  });

  it('accepts basic credentials and refuses wrong or missing credentials with 401, storing nothing', async () => {
    await h.api('PATCH', `/sources/${sourceId}`, {
      secrets: { webhookToken: null, webhookUsername: 'crew', webhookPassword: 's3cret' },
    });
    const kickoffId = kickoff({ strategy: 'basic', username: 'crew', password: 's3cret' });
    fake.askForReview(kickoffId, 'research_task', 'Output');
    const basic = (user: string, pass: string) =>
      `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    const refused = [
      await fake.sendHumanInputWebhook(kickoffId, { authorization: basic('crew', 'wrong') }),
      await fake.sendHumanInputWebhook(kickoffId, { authorization: basic('other', 's3cret') }),
      await fake.sendHumanInputWebhook(kickoffId, { authorization: `Bearer ${webhookToken}` }),
      await fake.sendHumanInputWebhook(kickoffId, { authorization: 'Basic not-base64!' }),
      await fake.sendHumanInputWebhook(kickoffId, { authorization: null }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);
    expect((await fake.sendHumanInputWebhook(kickoffId)).status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
  });

  it('refuses a wrong bearer token with 401', async () => {
    const kickoffId = kickoff({ strategy: 'bearer', token: 'not-the-token' });
    fake.askForReview(kickoffId, 'research_task', 'Output');
    const res = await fake.sendHumanInputWebhook(kickoffId);
    expect(res.status).toBe(401);
    expect(await h.runsOf(sourceId)).toHaveLength(0);
  });

  it('shows a review CrewAI no longer waits for as refused, never as delivered', async () => {
    const kickoffId = kickoff();
    const run = await discoverReview(kickoffId, 'research_task', 'Output to check');
    fake.resumeElsewhere(kickoffId);
    await h.api('POST', `/requests/${run.requests[0].id}/response`, { decision: 'approve' });
    const refused = await settledRequest(run.requests[0].id);
    expect(refused.delivery.status).toBe('failed');
    expect(refused.delivery.lastError).toMatch(
      /^Already answered on CrewAI: .*Execution is not in pending human input state/,
    );
    const timeline = (await h.api('GET', `/runs/${run.id}`)).body.timeline as { type: string }[];
    expect(timeline.some((e) => e.type === 'request.delivery_conflict')).toBe(true);
    expect(timeline.some((e) => e.type === 'request.delivered')).toBe(false);
  });

  it('finishes a followed run by polling its status, and cannot discover pauses by polling', async () => {
    const unseen = kickoff();
    fake.askForReview(unseen, 'research_task', 'Never announced');
    expect((await h.poll(sourceId)).body).toMatchObject({ runsCreated: 0, requestsCreated: 0 });

    const kickoffId = kickoff();
    const run = await discoverReview(kickoffId, 'research_task', 'Output');
    expect((await h.poll(sourceId)).body.source.health.status).toBe('ok');
    expect((await h.api('GET', `/runs/${run.id}`)).body.status).toBe('waiting');
    fake.finish(kickoffId, 'error');
    await h.poll(sourceId);
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail.status).toBe('failed');
    expect(detail.requests[0].status).toBe('cancelled');
  });

  it('keeps a failed connection test as its health while polling has nothing to ask', async () => {
    const unreachable = await h.createSource({
      kind: 'crewai',
      name: 'Crew at a dead address',
      baseUrl: 'http://127.0.0.1:9/',
      settings: kickoffUrls,
      secrets: { apiToken, webhookToken },
    });
    const tested = await h.api('POST', `/sources/${unreachable}/test`);
    expect(tested.body.ok).toBe(false);
    const polled = (await h.poll(unreachable)).body.source.health;
    expect(polled.status).toBe('error');
    expect(polled.lastOkAt).toBeNull();
    expect(polled.lastError).toBe(tested.body.message);
  });

  it('names a status that does not fit CrewAI’s API on the source and keeps the run as it was', async () => {
    const kickoffId = kickoff();
    const run = await discoverReview(kickoffId, 'research_task', 'Output');
    for (const odd of [{ state: 'completed' }, { status: 3 }, ['completed']]) {
      fake.answerOddly(null);
      fake.answerOddly('GET', new RegExp(`^/status/${kickoffId}$`), odd);
      const polled = await h.poll(sourceId);
      expect(polled.status).toBe(200);
      expect(polled.body.source.health).toMatchObject({
        status: 'error',
        lastError: expect.stringContaining('did not fit'),
      });
      expect((await h.api('GET', `/runs/${run.id}`)).body.status).toBe('waiting');
    }
    fake.answerOddly(null);
    expect((await h.poll(sourceId)).body.source.health.status).toBe('ok');
  });

  it('stops the execution with /stop, and says so when the crew has no stop', async () => {
    const kickoffId = kickoff();
    const run = await discoverReview(kickoffId, 'research_task', 'Output');
    expect((await h.api('POST', `/runs/${run.id}/stop`)).status).toBe(200);
    await eventually(async () =>
      fake.executions.get(kickoffId)!.status === 'stopped' ? true : undefined,
    );
    expect(fake.callsTo('POST', `/stop/${kickoffId}`)).toHaveLength(1);

    fake.setStopSupported(false);
    const other = kickoff();
    fake.askForReview(other, 'research_task', 'Output');
    await fake.sendHumanInputWebhook(other);
    const second = (await h.runsOf(sourceId)).find((r) => r.id !== run.id)!;
    await h.api('POST', `/runs/${second.id}/stop`);
    const failed = await eventually(async () => {
      const timeline = (await h.api('GET', `/runs/${second.id}`)).body.timeline as {
        type: string;
        message: string;
      }[];
      return timeline.find((e) => e.type === 'run.stop_failed');
    });
    expect(failed.message).toMatch(
      /^Could not stop the run on CrewAI: .*404.*may not offer stopping/,
    );
    expect(fake.executions.get(other)!.status).toBe('pending_human_input');
  });

  it('tests the connection with the crew inputs, and reports a refused token', async () => {
    const ok = await h.api('POST', `/sources/${sourceId}/test`);
    expect(ok.body).toMatchObject({
      ok: true,
      message: expect.stringContaining('topic, audience'),
    });
    await h.api('PATCH', `/sources/${sourceId}`, { secrets: { apiToken: 'wrong' } });
    const bad = await h.api('POST', `/sources/${sourceId}/test`);
    expect(bad.body).toMatchObject({ ok: false, message: expect.stringContaining('401') });
  });

  it('requires the crew URL when the source is created', async () => {
    const res = await h.api('POST', '/sources', {
      kind: 'crewai',
      name: 'No URL',
      secrets: { apiToken },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty('baseUrl');
  });
});
