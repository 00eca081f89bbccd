import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDariFake, type DariFake } from '../../fakes/dari';
import { eventually, startHarness, type Harness } from './harness';

const apiKey = 'dari_test_key';
const webhookSecret = 'dari_webhook_key';
const orgId = 'org_acme';
const endpointName = 'insurance-claims';
let h: Harness;
let fake: DariFake;
let sourceId: string;

beforeAll(async () => {
  fake = await startDariFake({ apiKey, webhookSecret, orgId, endpointName });
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await fake.close();
});
beforeEach(async () => {
  fake.refuse(null);
  sourceId = await h.createSource({
    kind: 'dari',
    name: 'Dari claims',
    baseUrl: fake.url,
    settings: { orgId, endpointName, timeoutMinutes: '45' },
    secrets: { apiKey, webhookSecret },
  });
});

const batchQuestions = [
  { question_id: 'policy', question: 'Which policy number?', options: ['P-100', 'P-200'] },
  { question_id: 'notes', question: 'Anything the adjuster should know?' },
];

async function discoverByWebhook(jobId: string) {
  const res = await fake.sendQuestionWebhook(h.hookUrl(sourceId), jobId);
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

/** A job Countersign follows: its first question was announced with its job_id and answered. */
async function followedJob() {
  const jobId = fake.startJob();
  fake.ask(jobId, [{ question_id: 'q', question: 'Start date?' }]);
  const run = await discoverByWebhook(jobId);
  await h.api('POST', `/requests/${run.requests[0].id}/response`, {
    answers: [{ questionId: 'q', value: 'Monday' }],
  });
  await settledRequest(run.requests[0].id);
  return { jobId, run };
}

describe('Dari connector', () => {
  it('turns a question webhook into a questions request and answers the whole batch once', async () => {
    const jobId = fake.startJob();
    const batch = fake.ask(jobId, batchQuestions);
    const run = await discoverByWebhook(jobId);
    expect(run).toMatchObject({
      externalId: `${orgId}/${endpointName}/${jobId}`,
      liveUrl: `https://app.hyperbrowser.ai/view/${jobId}`,
      status: 'waiting',
    });
    const [request] = run.requests;
    expect(request).toMatchObject({
      kind: 'questions',
      questions: [
        {
          id: 'policy',
          text: 'Which policy number?',
          options: ['P-100', 'P-200'],
          allowOther: true,
        },
        { id: 'notes', text: 'Anything the adjuster should know?', allowOther: true },
      ],
    });
    const created = Date.parse(fake.jobs.get(jobId)!.created_at);
    expect(Date.parse(request.expiresAt)).toBe(created + 45 * 60_000);

    expect((await fake.sendQuestionWebhook(h.hookUrl(sourceId), jobId)).status).toBe(200);
    expect((await h.poll(sourceId)).body.requestsCreated).toBe(0);

    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      answers: [
        { questionId: 'policy', value: 'P-200' },
        { questionId: 'notes', value: 'Second claim this year' },
      ],
    });
    expect(answered.status).toBe(200);
    const delivered = await settledRequest(request.id);
    expect(delivered.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const calls = fake.answerCalls().filter((c) => c.query.get('job_id') === jobId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      batch_id: batch.batch_id,
      answers: [
        { question_id: 'policy', answer: 'P-200' },
        { question_id: 'notes', answer: 'Second claim this year' },
      ],
    });
    expect(calls[0]!.headers['x-api-key']).toBe(apiKey);
    expect(fake.jobs.get(jobId)!.status).toBe('running');
  });

  it('keeps Dari question ids such as __proto__ and constructor, and answers them by those ids', async () => {
    const jobId = fake.startJob();
    const ids = ['__proto__', 'constructor', 'toString'];
    const batch = fake.ask(
      jobId,
      ids.map((id) => ({ question_id: id, question: `Question ${id}?` })),
    );
    const run = await discoverByWebhook(jobId);
    const [request] = run.requests;
    expect(request.questions.map((q: { id: string }) => q.id)).toEqual(ids);
    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      answers: ids.map((id) => ({ questionId: id, value: `answer ${id}` })),
    });
    expect(answered.status).toBe(200);
    expect((await settledRequest(request.id)).delivery.status).toBe('delivered');
    const [call] = fake.answerCalls().filter((c) => c.query.get('job_id') === jobId);
    expect(call!.body).toEqual({
      batch_id: batch.batch_id,
      answers: ids.map((id) => ({ question_id: id, answer: `answer ${id}` })),
    });
  });

  it('takes Dari’s question webhook without a job_id, finds its job among those it follows, and answers it there', async () => {
    const { jobId, run } = await followedJob();

    const second = fake.ask(jobId, [
      { question_id: 'vehicle', question: 'Which vehicle?', options: ['Car', 'Van'] },
    ]);
    const res = await fake.sendQuestionWebhook(h.hookUrl(sourceId), jobId, { withoutJobId: true });
    expect(res.status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail).toMatchObject({ status: 'waiting', deliveryHold: null });
    expect(detail.requests[1]).toMatchObject({
      status: 'pending',
      questions: [{ id: 'vehicle', text: 'Which vehicle?' }],
    });
    await h.api('POST', `/requests/${detail.requests[1].id}/response`, {
      answers: [{ questionId: 'vehicle', value: 'Van' }],
    });
    expect((await settledRequest(detail.requests[1].id)).delivery.status).toBe('delivered');
    const calls = fake.answerCalls().filter((c) => c.query.get('job_id') === jobId);
    expect(calls.map((c) => (c.body as { batch_id: string }).batch_id)).toEqual([
      expect.any(String),
      second.batch_id,
    ]);
  });

  it('keeps a question whose job is not known yet on a run of its own, says so, keeps the answer, and sends it once Dari names the job', async () => {
    const jobId = fake.startJob();
    const batch = fake.ask(jobId, batchQuestions);
    const url = h.hookUrl(sourceId);
    const res = await fake.sendQuestionWebhook(url, jobId, { withoutJobId: true });
    expect(res.status).toBe(200);
    const [kept] = (await h.runsOf(sourceId)) as { id: string }[];
    const held = (await h.api('GET', `/runs/${kept!.id}`)).body;
    expect(held).toMatchObject({
      externalId: `${orgId}/${endpointName}/batch:${batch.batch_id}`,
      status: 'waiting',
      liveUrl: fake.jobs.get(jobId)!.browser_url,
      deliveryHold: expect.stringContaining('Dari has not said which job asked this yet'),
    });
    const [request] = held.requests;
    expect(request.questions.map((q: { id: string }) => q.id)).toEqual(['policy', 'notes']);

    const answered = await h.api('POST', `/requests/${request.id}/response`, {
      answers: [
        { questionId: 'policy', value: 'P-100' },
        { questionId: 'notes', value: 'None' },
      ],
    });
    expect(answered.status).toBe(200);
    const waiting = await eventually(async () => {
      const d = (await h.api('GET', `/requests/${request.id}`)).body.delivery;
      return d.lastError ? d : undefined;
    });
    expect(waiting).toEqual({ status: 'pending', attempts: 0, lastError: held.deliveryHold });
    expect(fake.answerCalls().filter((c) => c.query.get('job_id') === jobId)).toHaveLength(0);

    // Dari names the job: the same question, this time with its job_id.
    expect((await fake.sendQuestionWebhook(url, jobId)).status).toBe(200);
    const delivered = await settledRequest(request.id);
    expect(delivered.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const calls = fake.answerCalls().filter((c) => c.query.get('job_id') === jobId);
    expect(calls.map((c) => c.body)).toEqual([
      {
        batch_id: batch.batch_id,
        answers: [
          { question_id: 'policy', answer: 'P-100' },
          { question_id: 'notes', answer: 'None' },
        ],
      },
    ]);
    const after = (await h.api('GET', `/runs/${kept!.id}`)).body;
    expect(after.deliveryHold).toBeNull();
    expect(after.timeline.map((e: { message: string }) => e.message)).toContain(
      "Dari said where this run's answers go: the answer kept for it is sent now",
    );
    // The job's own run does not show the batch a second time.
    const runs = (await h.runsOf(sourceId)) as { id: string; externalId: string }[];
    const jobRun = runs.find((r) => r.externalId === `${orgId}/${endpointName}/${jobId}`)!;
    expect((await h.api('GET', `/runs/${jobRun.id}`)).body.requests).toEqual([]);
  });

  it('keeps a question on a run of its own while Dari cannot be read, and a poll finds its job and sends the kept answer', async () => {
    const { jobId, run } = await followedJob();

    const second = fake.ask(jobId, [{ question_id: 'end', question: 'End date?' }]);
    fake.refuse((call) => call.path.endsWith('/status'));
    const res = await fake.sendQuestionWebhook(h.hookUrl(sourceId), jobId, { withoutJobId: true });
    fake.refuse(null);
    expect(res.status).toBe(200);
    const runs = (await h.runsOf(sourceId)) as { id: string; externalId: string }[];
    const kept = runs.find((r) => r.externalId.endsWith(`batch:${second.batch_id}`))!;
    const held = (await h.api('GET', `/runs/${kept.id}`)).body;
    await h.api('POST', `/requests/${held.requests[0].id}/response`, {
      answers: [{ questionId: 'end', value: 'Friday' }],
    });
    await eventually(async () =>
      (await h.api('GET', `/requests/${held.requests[0].id}`)).body.delivery.lastError
        ? true
        : undefined,
    );

    expect((await h.poll(sourceId)).status).toBe(200);
    expect((await settledRequest(held.requests[0].id)).delivery.status).toBe('delivered');
    const calls = fake.answerCalls().filter((c) => c.query.get('job_id') === jobId);
    expect(calls.map((c) => (c.body as { batch_id: string }).batch_id)).toEqual([
      expect.any(String),
      second.batch_id,
    ]);
    expect((await h.api('GET', `/runs/${run.id}`)).body.requests).toHaveLength(1);
  });

  it('refuses a question batch that does not fit Dari’s API, and notes an odd job status on the source', async () => {
    const jobId = fake.startJob();
    fake.ask(jobId, [{ question_id: 'q', question: 'Which?', options: 'P-100' as never }]);
    const refused = await fake.sendQuestionWebhook(h.hookUrl(sourceId), jobId);
    expect(refused.status).toBe(422);
    expect(await h.runsOf(sourceId)).toHaveLength(0);

    const other = fake.startJob();
    fake.ask(other, [{ question_id: 'q', question: 'Start date?' }]);
    const run = await discoverByWebhook(other);
    fake.jobs.get(other)!.events = 'not a list' as never;
    const polled = await h.poll(sourceId);
    expect(polled.status).toBe(200);
    expect(polled.body.source.health).toMatchObject({
      status: 'error',
      lastError: expect.stringContaining('did not fit'),
    });
    const after = await h.api('GET', `/runs/${run.id}`);
    expect(after.body.requests.map((r: { status: string }) => r.status)).toEqual(['pending']);
  });

  it('finds a later question batch of a known job by polling when its webhook never came', async () => {
    const { jobId, run } = await followedJob();

    fake.ask(jobId, [{ question_id: 'q2', question: 'End date?', options: ['Friday'] }]);
    const polled = await h.poll(sourceId);
    expect(polled.body).toMatchObject({ runsCreated: 0, requestsCreated: 1 });
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail.status).toBe('waiting');
    expect(detail.requests.map((r: { status: string }) => r.status)).toEqual([
      'answered',
      'pending',
    ]);
    expect(detail.requests[1].questions[0].text).toBe('End date?');
  });

  it('cancels a question Dari stopped waiting for, and shows a late answer as refused', async () => {
    const jobId = fake.startJob();
    fake.ask(jobId, [{ question_id: 'q', question: 'Approve the claim amount?' }]);
    const run = await discoverByWebhook(jobId);
    fake.moveOn(jobId);

    await h.api('POST', `/requests/${run.requests[0].id}/response`, {
      answers: [{ questionId: 'q', value: 'Yes' }],
    });
    const refused = await settledRequest(run.requests[0].id);
    expect(refused.delivery.status).toBe('failed');
    expect(refused.delivery.lastError).toMatch(
      /^Already answered on Dari: .*not waiting for input/,
    );

    fake.ask(jobId, [{ question_id: 'q3', question: 'Which adjuster?' }]);
    await h.poll(sourceId);
    fake.moveOn(jobId);
    await h.poll(sourceId);
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail.requests[1].status).toBe('cancelled');
    expect(detail.status).toBe('running');
  });

  it('refuses unverifiable webhooks with 401 and stores nothing', async () => {
    const jobId = fake.startJob();
    fake.ask(jobId, batchQuestions);
    const url = h.hookUrl(sourceId);
    const refused = [
      await fake.sendQuestionWebhook(url, jobId, { tamper: true }),
      await fake.sendQuestionWebhook(url, jobId, { secret: 'not-the-key' }),
      await fake.sendQuestionWebhook(url, jobId, { omitSignature: true }),
      await fake.sendCompletionWebhook(url, jobId, {
        timestamp: new Date(Date.now() - 60 * 60_000).toISOString(),
      }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await h.runsOf(sourceId)).toHaveLength(0);
    expect((await fake.sendQuestionWebhook(url, jobId)).status).toBe(200);
    expect(await h.runsOf(sourceId)).toHaveLength(1);
  });

  it('finishes the run from a completion webhook', async () => {
    const jobId = fake.startJob();
    fake.ask(jobId, batchQuestions);
    const run = await discoverByWebhook(jobId);
    fake.finish(jobId, 'failed');
    expect((await fake.sendCompletionWebhook(h.hookUrl(sourceId), jobId)).status).toBe(200);
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    expect(detail.status).toBe('failed');
    expect(detail.requests[0].status).toBe('cancelled');
  });

  it('stops the job on Dari when a reviewer stops the run', async () => {
    const jobId = fake.startJob();
    fake.ask(jobId, batchQuestions);
    const run = await discoverByWebhook(jobId);
    expect((await h.api('POST', `/runs/${run.id}/stop`)).status).toBe(200);
    await eventually(async () => (fake.jobs.get(jobId)!.status === 'stopped' ? true : undefined));
    const stops = fake.callsTo('POST', `/jobs/${orgId}/${endpointName}/stop`);
    expect(stops.filter((c) => c.query.get('job_id') === jobId)).toHaveLength(1);
  });

  it('tests the connection against the portal, and reports a refused key', async () => {
    const ok = await h.api('POST', `/sources/${sourceId}/test`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, message: expect.stringContaining(endpointName) });
    await h.api('PATCH', `/sources/${sourceId}`, { secrets: { apiKey: 'wrong' } });
    const bad = await h.api('POST', `/sources/${sourceId}/test`);
    expect(bad.body).toMatchObject({ ok: false, message: expect.stringContaining('401') });
    const listed = (await h.api('GET', '/sources')).body.items.find(
      (s: { id: string }) => s.id === sourceId,
    );
    expect(listed.health).toMatchObject({
      status: 'error',
      lastError: expect.stringContaining('401'),
    });
  });
});
