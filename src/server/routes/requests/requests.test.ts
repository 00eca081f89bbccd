import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestSchema } from '../../../shared/requests';
import { issueAgentToken } from '../../domain/agent-tokens';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const requestsOfEveryKind = [
  { kind: 'questions', questions: [{ id: 'q1', text: 'Which plan?', options: ['Basic', 'Pro'] }] },
  toolRequest(),
  { kind: 'plan', plan: '1. Read\n2. Write' },
  { kind: 'review', output: '# Draft', title: 'Blog post' },
  {
    kind: 'message',
    message: 'Need the API key',
    fields: [{ name: 'key', label: 'API key', required: true }],
  },
  { kind: 'takeover', instructions: 'Solve the captcha' },
];

async function answer(id: string, cookie: string, body: unknown, key?: string) {
  return t.call('POST', `/requests/${id}/response`, {
    cookie,
    body,
    headers: key ? { 'Idempotency-Key': key } : {},
  });
}

describe('POST /runs/:id/requests', () => {
  it.each(requestsOfEveryKind)(
    'creates a pending $kind request with its payload',
    async (input) => {
      const run = await t.createRun();
      const res = await t.agent('POST', `/runs/${run.id}/requests`, input);
      expect(res.status).toBe(201);
      const request = requestSchema.parse(res.body);
      expect(request).toMatchObject({
        ...input,
        runId: run.id,
        status: 'pending',
        answeredBy: null,
        response: null,
        delivery: { status: 'pending', attempts: 0, lastError: null },
      });
      expect(request.id).toMatch(/^req_/);
    },
  );

  it('fills payload defaults (allowOther, canRemember)', async () => {
    const run = await t.createRun();
    const q = await t.createRequest(run.id, {
      kind: 'questions',
      questions: [{ id: 'a', text: 'Why?' }],
    });
    expect(q.questions).toEqual([{ id: 'a', text: 'Why?', allowOther: true }]);
    const tool = await t.createRequest(run.id, toolRequest());
    expect(tool.canRemember).toBe(true);
  });

  it.each([
    [{ kind: 'email', to: 'x' }, ['kind']],
    [{ kind: 'questions', questions: [] }, ['questions']],
    [
      {
        kind: 'questions',
        questions: [
          { id: 'a', text: 'x' },
          { id: 'a', text: 'y' },
        ],
      },
      ['questions'],
    ],
    [{ kind: 'tool', input: {} }, ['tool']],
    [{ kind: 'tool', tool: 'x', input: 'nope' }, ['input']],
    [{ kind: 'plan', plan: '   ' }, ['plan']],
    [{ kind: 'review' }, ['output']],
    [{ kind: 'message', message: 'm', fields: [{ name: 'a', label: '' }] }, ['fields.0.label']],
    [{ kind: 'takeover', instructions: 'x', expiresAt: 'tomorrow' }, ['expiresAt']],
  ])('rejects invalid content with 422 naming the fields: %j', async (input, fields) => {
    const run = await t.createRun();
    const res = await t.agent('POST', `/runs/${run.id}/requests`, input);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid');
    expect(Object.keys(res.body.error.details)).toEqual(fields);
  });

  it('rejects an expiresAt in the past', async () => {
    const run = await t.createRun();
    const res = await t.agent(
      'POST',
      `/runs/${run.id}/requests`,
      toolRequest({ expiresAt: '2020-01-01T00:00:00Z' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ expiresAt: 'Must be in the future' });
  });

  it('is 404 for another source’s run and 403 for users', async () => {
    const run = await t.createRun();
    await t.db
      .insertInto('sources')
      .values({
        id: 'src_other',
        kind: 'dari',
        name: 'Other',
        created_at: new Date().toISOString(),
      })
      .execute();
    const other = await issueAgentToken(t.db, 'src_other', 'other', new Date().toISOString());
    const res = await t.call('POST', `/runs/${run.id}/requests`, {
      token: other.token,
      body: toolRequest(),
    });
    expect(res.status).toBe(404);
    const read = await t.call('GET', `/runs/${run.id}`, { token: other.token });
    expect(read.status).toBe(404);
    const user = await t.call('POST', `/runs/${run.id}/requests`, {
      cookie: await t.asAdmin(),
      body: toolRequest(),
    });
    expect(user.status).toBe(403);
  });
});

describe('POST /requests/:id/response', () => {
  const answers: Record<string, unknown> = {
    questions: { answers: [{ questionId: 'q1', value: 'Pro' }] },
    tool: { decision: 'approve', note: 'ok' },
    plan: { decision: 'revise', feedback: 'Add tests' },
    review: { decision: 'reject', feedback: 'Too long' },
    message: { fields: { key: 'abc' } },
    takeover: { decision: 'handback', followUp: 'Continue' },
  };

  it.each(requestsOfEveryKind)(
    'answers a $kind request and records who and when',
    async (input) => {
      const run = await t.createRun();
      const request = await t.createRequest(run.id, input);
      const reviewer = await t.userWithRole('reviewer');
      const res = await answer(request.id, reviewer.cookie, answers[input.kind as string]);
      expect(res.status).toBe(200);
      const answered = requestSchema.parse(res.body);
      expect(answered).toMatchObject({
        status: 'answered',
        answeredBy: reviewer.username,
        response: answers[input.kind as string],
      });
      expect(answered.answeredAt).not.toBeNull();
      const detail = await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie });
      const event = detail.body.timeline.at(-1);
      expect(event).toMatchObject({ type: 'request.answered', actor: reviewer.username });
      expect(event.message).toMatch(new RegExp(`^${reviewer.username} `));
    },
  );

  it('writes "<user> approved" for an approved tool call', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    await answer(request.id, reviewer.cookie, { decision: 'approve' });
    const detail = await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie });
    expect(detail.body.timeline.at(-1).message).toBe(`${reviewer.username} approved`);
  });

  it.each([
    [
      'questions',
      {
        answers: [
          { questionId: 'q1', value: 'Pro' },
          { questionId: 'zz', value: 'x' },
        ],
      },
      'answers.zz',
    ],
    ['questions', { answers: [{ questionId: 'other', value: 'x' }] }, 'answers.q1'],
    ['tool', { decision: 'maybe' }, 'decision'],
    ['plan', { decision: 'revise' }, 'feedback'],
    ['review', { decision: 'reject', feedback: '' }, 'feedback'],
    ['message', { text: 'just text' }, 'fields'],
    ['message', { fields: { key: ' ' } }, 'fields.key'],
    ['takeover', { decision: 'handback', extra: 1, followUp: 5 }, 'followUp'],
  ])('rejects an invalid %s answer with 422 naming %s', async (kind, body, field) => {
    const run = await t.createRun();
    const request = await t.createRequest(
      run.id,
      requestsOfEveryKind.find((r) => r.kind === kind)!,
    );
    const reviewer = await t.userWithRole('reviewer');
    const res = await answer(request.id, reviewer.cookie, body);
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty([field]);
    const still = await t.agent('GET', `/requests/${request.id}`);
    expect(still.body.status).toBe('pending');
  });

  it('requires picking an option when other answers are not allowed', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, {
      kind: 'questions',
      questions: [{ id: 'q1', text: 'Which?', options: ['A', 'B'], allowOther: false }],
    });
    const reviewer = await t.userWithRole('reviewer');
    const res = await answer(request.id, reviewer.cookie, {
      answers: [{ questionId: 'q1', value: 'C' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ 'answers.q1': 'Pick one of the options' });
  });

  it('answers malformed JSON with 400', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      rawBody: '{decision: approve}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('lets reviewers and admins answer, not viewers (403), anonymous (401) or agents (403)', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const viewer = await t.userWithRole('viewer');
    const res = await answer(request.id, viewer.cookie, { decision: 'approve' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(
      (await t.call('POST', `/requests/${request.id}/response`, { body: { decision: 'approve' } }))
        .status,
    ).toBe(401);
    expect(
      (await t.agent('POST', `/requests/${request.id}/response`, { decision: 'approve' })).status,
    ).toBe(403);
    const adminAnswer = await answer(request.id, await t.asAdmin(), { decision: 'approve' });
    expect(adminAnswer.status).toBe(200);
  });

  it('is 404 for an unknown request', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const res = await answer('req_missing', reviewer.cookie, { decision: 'approve' });
    expect(res.status).toBe(404);
  });

  it('returns 409 already_answered naming the first answer', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const first = await t.userWithRole('reviewer');
    const second = await t.userWithRole('reviewer');
    const win = await answer(request.id, first.cookie, { decision: 'approve' });
    const lose = await answer(request.id, second.cookie, { decision: 'deny' });
    expect(lose.status).toBe(409);
    expect(lose.body.error.code).toBe('already_answered');
    expect(lose.body.error.message).toBe(
      `Already answered by ${first.username} at ${win.body.answeredAt}`,
    );
    expect(lose.body.error.details).toEqual({
      answeredBy: first.username,
      answeredAt: win.body.answeredAt,
      response: { decision: 'approve' },
    });
  });

  it('lets exactly one of ten concurrent answers win', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewers = await Promise.all(
      Array.from({ length: 10 }, () => t.userWithRole('reviewer')),
    );
    const results = await Promise.all(
      reviewers.map((r, i) =>
        answer(request.id, r.cookie, { decision: i % 2 ? 'deny' : 'approve' }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    const winner = winners[0]!.body;
    for (const loser of losers) {
      expect(loser.body.error.details.answeredBy).toBe(winner.answeredBy);
      expect(loser.body.error.details.response).toEqual(winner.response);
    }
    const detail = await t.call('GET', `/runs/${run.id}`, { cookie: reviewers[0]!.cookie });
    expect(
      detail.body.timeline.filter((e: { type: string }) => e.type === 'request.answered'),
    ).toHaveLength(1);
  });

  it('replays the first result for a repeated Idempotency-Key and answers only once', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const first = await answer(request.id, reviewer.cookie, { decision: 'approve' }, 'key-1');
    const again = await answer(request.id, reviewer.cookie, { decision: 'approve' }, 'key-1');
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const concurrent = await Promise.all(
      [1, 2, 3].map(() => answer(request.id, reviewer.cookie, { decision: 'approve' }, 'key-1')),
    );
    for (const res of concurrent) expect(res.body).toEqual(first.body);

    const fresh = await answer(request.id, reviewer.cookie, { decision: 'approve' }, 'key-2');
    expect(fresh.status).toBe(409);
    const detail = await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie });
    expect(
      detail.body.timeline.filter((e: { type: string }) => e.type === 'request.answered'),
    ).toHaveLength(1);
  });

  it('replays a 409 for a repeated key and keeps keys per user', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    await answer(request.id, alice.cookie, { decision: 'approve' }, 'same-key');
    const bobFirst = await answer(request.id, bob.cookie, { decision: 'deny' }, 'same-key');
    expect(bobFirst.status).toBe(409);
    const bobAgain = await answer(request.id, bob.cookie, { decision: 'deny' }, 'same-key');
    expect(bobAgain.status).toBe(409);
    // The same answer, under this request's own id.
    expect(bobAgain.body).toEqual({
      error: { ...bobFirst.body.error, requestId: bobAgain.headers.get('X-Request-Id') },
    });
  });

  it('concurrent first submits with one key answer once and return the same body', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        answer(request.id, reviewer.cookie, { decision: 'approve' }, 'race-key'),
      ),
    );
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual(results[0]!.body);
    }
  });

  it('rejects an Idempotency-Key that is too long, or reused for another request', async () => {
    const run = await t.createRun();
    const a = await t.createRequest(run.id, toolRequest());
    const b = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const long = await answer(a.id, reviewer.cookie, { decision: 'approve' }, 'k'.repeat(201));
    expect(long.status).toBe(400);
    await answer(a.id, reviewer.cookie, { decision: 'approve' }, 'k1');
    const reused = await answer(b.id, reviewer.cookie, { decision: 'approve' }, 'k1');
    expect(reused.status).toBe(422);
  });
});

describe('expiry', () => {
  it('refuses an answer after expiresAt with 409 expired and marks the request expired', async () => {
    const run = await t.createRun();
    const expiresAt = new Date(t.now().getTime() + 60_000).toISOString();
    const request = await t.createRequest(run.id, toolRequest({ expiresAt }));
    expect(request.expiresAt).toBe(expiresAt);
    const reviewer = await t.userWithRole('reviewer');
    t.advanceClock(61_000);
    const res = await answer(request.id, reviewer.cookie, { decision: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('expired');
    const detail = (await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie })).body;
    expect(detail.requests[0].status).toBe('expired');
    expect(detail.status).toBe('running');
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'request.expired', actor: 'system' });
  });

  it('shows an overdue request as expired to a reader even before the sweeper runs', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(
      run.id,
      toolRequest({ expiresAt: new Date(t.now().getTime() + 1000).toISOString() }),
    );
    t.advanceClock(2000);
    const res = await t.agent('GET', `/requests/${request.id}`);
    expect(res.body.status).toBe('expired');
  });
});

describe('GET /requests/:id', () => {
  it('returns the request to the agent and to any signed-in role', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const viewer = await t.userWithRole('viewer');
    expect((await t.agent('GET', `/requests/${request.id}`)).body.id).toBe(request.id);
    expect((await t.call('GET', `/requests/${request.id}`, { cookie: viewer.cookie })).status).toBe(
      200,
    );
    expect((await t.call('GET', `/requests/${request.id}`)).status).toBe(401);
    expect((await t.agent('GET', '/requests/req_missing')).status).toBe(404);
  });

  it('marks an answer delivered once the agent has read it, not when a user reads it', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    await answer(request.id, reviewer.cookie, { decision: 'approve' });
    const byUser = await t.call('GET', `/requests/${request.id}`, { cookie: reviewer.cookie });
    expect(byUser.body.delivery).toEqual({ status: 'pending', attempts: 0, lastError: null });
    const byAgent = await t.agent('GET', `/requests/${request.id}`);
    expect(byAgent.body.delivery).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    const again = await t.agent('GET', `/requests/${request.id}`);
    expect(again.body.delivery.attempts).toBe(1);
  });

  it('with wait, returns promptly once the request is answered mid-wait', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const started = Date.now();
    const waiting = t.agent('GET', `/requests/${request.id}?wait=10`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answered = await answer(request.id, reviewer.cookie, { decision: 'deny' });
    const res = await waiting;
    const answeredAt = Date.now();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'answered', response: { decision: 'deny' } });
    expect(res.body.delivery.status).toBe('delivered');
    expect(answered.status).toBe(200);
    expect(answeredAt - started).toBeLessThan(3000);
  });

  it('with wait, returns the pending request after the timeout', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const started = Date.now();
    const res = await t.agent('GET', `/requests/${request.id}?wait=1`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('pending');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    expect(t.bus.listenerCount).toBe(0);
  });

  it('with wait, returns at once when the request is already answered', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    await answer(request.id, await t.asAdmin(), { decision: 'approve' });
    const started = Date.now();
    const res = await t.agent('GET', `/requests/${request.id}?wait=30`);
    expect(res.body.status).toBe('answered');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('with wait, wakes when the run is stopped', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const waiting = t.agent('GET', `/requests/${request.id}?wait=10`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.call('POST', `/runs/${run.id}/stop`, { cookie: await t.asAdmin() });
    expect((await waiting).body.status).toBe('cancelled');
  });

  it('stops waiting and unsubscribes when the client aborts', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const controller = new AbortController();
    const pending = Promise.resolve(
      t.app.request(`/api/v1/requests/${request.id}?wait=30`, {
        headers: { Authorization: 'Bearer test-agent-token' },
        signal: controller.signal,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.bus.listenerCount).toBe(1);
    const started = Date.now();
    controller.abort();
    await pending.catch(() => undefined);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(t.bus.listenerCount).toBe(0);
  });

  it.each(['61', '-1', 'soon'])('rejects wait=%s with 400', async (wait) => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const res = await t.agent('GET', `/requests/${request.id}?wait=${wait}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toHaveProperty('wait');
  });
});
