import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDetailSchema, runSchema, runSummarySchema } from '../../../shared/runs';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('POST /runs', () => {
  it('creates a running run for the agent source', async () => {
    const res = await t.agent('POST', '/runs', {
      title: 'Refund order 1042',
      externalId: 'ext-1',
      customer: 'cust_123',
      liveUrl: 'https://live.example/1',
      metadata: { priority: 'high' },
    });
    expect(res.status).toBe(201);
    const run = runSchema.parse(res.body);
    expect(run).toMatchObject({
      sourceId: 'native',
      title: 'Refund order 1042',
      externalId: 'ext-1',
      customer: 'cust_123',
      status: 'running',
      waitingSince: null,
      metadata: { priority: 'high' },
    });
    expect(run.id).toMatch(/^run_/);
  });

  it('needs an agent token: 401 without, 401 with a bad one, 403 for a signed-in user', async () => {
    expect((await t.call('POST', '/runs', { body: { title: 'x' } })).status).toBe(401);
    const bad = await t.call('POST', '/runs', { body: { title: 'x' }, token: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthorized');
    const basic = await t.call('POST', '/runs', {
      body: { title: 'x' },
      headers: { Authorization: 'Basic YTpi' },
    });
    expect(basic.status).toBe(401);
    const user = await t.call('POST', '/runs', { body: { title: 'x' }, cookie: await t.asAdmin() });
    expect(user.status).toBe(403);
  });

  it('answers invalid content with 422 and field details', async () => {
    const res = await t.agent('POST', '/runs', {
      title: '',
      liveUrl: 'javascript:alert(1)',
      metadata: [],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid');
    expect(Object.keys(res.body.error.details).sort()).toEqual(['liveUrl', 'metadata', 'title']);
    expect(res.body.error.details).toMatchObject({
      title: 'Too small: expected string to have >=1 characters',
      metadata: 'Invalid input: expected record, received array',
    });
  });

  it('answers malformed JSON with 400 and an empty body with 400', async () => {
    const malformed = await t.call('POST', '/runs', {
      token: 'test-agent-token',
      rawBody: '{"title": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const empty = await t.call('POST', '/runs', { token: 'test-agent-token', rawBody: '' });
    expect(empty.status).toBe(400);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await t.call('POST', '/runs', {
      token: 'test-agent-token',
      rawBody: JSON.stringify({ title: 'x', metadata: { blob: 'a'.repeat(1024 * 1024) } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses bodies nested too deeply with 422 instead of failing later', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const res = await t.call('POST', '/runs', {
      token: 'test-agent-token',
      rawBody: `{"title":"x","metadata":{"a":${deep}}}`,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty(['(body)']);
  });

  it('answers a JSON body that is not an object with 422', async () => {
    const res = await t.agent('POST', '/runs', ['title']);
    expect(res.status).toBe(422);
  });
});

describe('PATCH /runs/:id', () => {
  it('updates title, liveUrl and metadata and writes a timeline event', async () => {
    const run = await t.createRun();
    const res = await t.agent('PATCH', `/runs/${run.id}`, {
      title: 'Renamed',
      liveUrl: 'https://live.example/2',
      metadata: { step: 2 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Renamed',
      liveUrl: 'https://live.example/2',
      metadata: { step: 2 },
    });
    const detail = await t.agent('GET', `/runs/${run.id}`);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'run.created',
      'run.updated',
    ]);
  });

  it('cancels pending requests when the agent finishes the run', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const res = await t.agent('PATCH', `/runs/${run.id}`, { status: 'completed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', waitingSince: null });
    const read = await t.agent('GET', `/requests/${request.id}`);
    expect(read.body.status).toBe('cancelled');
  });

  it('rejects an empty patch with 422 and an unknown run with 404', async () => {
    const run = await t.createRun();
    const empty = await t.agent('PATCH', `/runs/${run.id}`, {});
    expect(empty.status).toBe(422);
    const missing = await t.agent('PATCH', '/runs/run_missing', { title: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('rejects a status the agent may not set', async () => {
    const run = await t.createRun();
    const res = await t.agent('PATCH', `/runs/${run.id}`, { status: 'waiting' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty('status');
  });
});

describe('POST /runs/:id/events', () => {
  it('appends an agent event to the timeline with actor agent', async () => {
    const run = await t.createRun();
    const res = await t.agent('POST', `/runs/${run.id}/events`, {
      type: 'step',
      message: 'Looked up the order',
      data: { orderId: 1042 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'step', actor: 'agent', data: { orderId: 1042 } });
    const detail = await t.agent('GET', `/runs/${run.id}`);
    expect(detail.body.timeline.at(-1)).toMatchObject({
      type: 'step',
      message: 'Looked up the order',
    });
  });

  it('validates the event', async () => {
    const run = await t.createRun();
    const res = await t.agent('POST', `/runs/${run.id}/events`, { type: '' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.details).sort()).toEqual(['message', 'type']);
  });
});

describe('GET /runs/:id', () => {
  it('returns the run with requests newest-last and the timeline oldest-first, for any role', async () => {
    const run = await t.createRun();
    const first = await t.createRequest(run.id, { kind: 'plan', plan: '# Plan' });
    const second = await t.createRequest(run.id, toolRequest());
    const viewer = await t.userWithRole('viewer');
    const res = await t.call('GET', `/runs/${run.id}`, { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    const detail = runDetailSchema.parse(res.body);
    expect(detail.requests.map((r) => r.id)).toEqual([first.id, second.id]);
    expect(detail.timeline.map((e) => e.type)).toEqual([
      'run.created',
      'request.created',
      'request.created',
    ]);
  });

  it('is 401 for anonymous callers and 404 for an unknown run', async () => {
    const run = await t.createRun();
    expect((await t.call('GET', `/runs/${run.id}`)).status).toBe(401);
    expect((await t.call('GET', '/runs/run_nope', { cookie: await t.asAdmin() })).status).toBe(404);
  });
});

describe('run status', () => {
  it('is waiting while a request is pending, with waitingSince the oldest pending createdAt', async () => {
    const run = await t.createRun();
    const first = await t.createRequest(run.id, { kind: 'plan', plan: 'Do it' });
    t.advanceClock(1000);
    const second = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');

    let detail = (await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie })).body;
    expect(detail.status).toBe('waiting');
    expect(detail.waitingSince).toBe(first.createdAt);

    await t.call('POST', `/requests/${first.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve' },
    });
    detail = (await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie })).body;
    expect(detail.status).toBe('waiting');
    expect(detail.waitingSince).toBe(second.createdAt);

    await t.call('POST', `/requests/${second.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'deny' },
    });
    detail = (await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie })).body;
    expect(detail.status).toBe('running');
    expect(detail.waitingSince).toBeNull();
  });
});

describe('POST /runs/:id/stop', () => {
  it('stops the run and cancels its pending requests', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.call('POST', `/runs/${run.id}/stop`, { cookie: reviewer.cookie });
    expect(res.status).toBe(200);
    expect(runSchema.parse(res.body)).toMatchObject({ status: 'stopped', waitingSince: null });

    const detail = (await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie })).body;
    expect(detail.requests[0]).toMatchObject({ id: request.id, status: 'cancelled' });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['run.stopped', 'request.cancelled']),
    );
    const answer = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve' },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('not_pending');

    const more = await t.agent('POST', `/runs/${run.id}/requests`, toolRequest());
    expect(more.status).toBe(409);
  });

  it('is 403 for a viewer, 401 anonymous, 403 for an agent', async () => {
    const run = await t.createRun();
    const viewer = await t.userWithRole('viewer');
    const res = await t.call('POST', `/runs/${run.id}/stop`, { cookie: viewer.cookie });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await t.call('POST', `/runs/${run.id}/stop`)).status).toBe(401);
    expect((await t.agent('POST', `/runs/${run.id}/stop`)).status).toBe(403);
  });

  it('is a no-op on a stopped run and a 409 on a completed one', async () => {
    const admin = await t.asAdmin();
    const run = await t.createRun();
    await t.call('POST', `/runs/${run.id}/stop`, { cookie: admin });
    expect((await t.call('POST', `/runs/${run.id}/stop`, { cookie: admin })).status).toBe(200);
    const done = await t.createRun();
    await t.agent('PATCH', `/runs/${done.id}`, { status: 'completed' });
    const res = await t.call('POST', `/runs/${done.id}/stop`, { cookie: admin });
    expect(res.status).toBe(409);
  });
});

describe('GET /runs', () => {
  it('lists by activity, newest first, with pending summary fields', async () => {
    const a = await t.createRun({ title: 'A' });
    t.advanceClock(10);
    const b = await t.createRun({ title: 'B' });
    t.advanceClock(10);
    await t.createRequest(
      a.id,
      toolRequest({ expiresAt: new Date(t.now().getTime() + 60_000).toISOString() }),
    );
    const res = await t.call('GET', '/runs', { cookie: await t.asAdmin() });
    expect(res.status).toBe(200);
    const items = res.body.items.map((i: unknown) => runSummarySchema.parse(i));
    expect(items.map((i: { id: string }) => i.id)).toEqual([a.id, b.id]);
    expect(items[0]).toMatchObject({ status: 'waiting', pendingKinds: ['tool'], pendingCount: 1 });
    expect(items[0].nextExpiresAt).not.toBeNull();
    expect(res.body.nextCursor).toBeNull();
  });

  it('lists every run that ever asked (asked=1), and searches answers, notes and who answered', async () => {
    const cookie = await t.asAdmin();
    const answered = await t.createRun({ title: 'Refund order 1042' });
    const request = await t.createRequest(answered.id, toolRequest());
    const reply = await t.call('POST', `/requests/${request.id}/response`, {
      cookie,
      body: { decision: 'approve', note: 'Check the shipping ADDRESS first' },
    });
    expect(reply.status).toBe(200);
    const silent = await t.createRun({ title: 'Refund order 1043' });
    const list = async (query: string) =>
      (await t.call('GET', `/runs?${query}`, { cookie })).body.items.map(
        (i: { id: string; status: string }) => [i.id, i.status],
      );

    // Answered while its agent still runs: neither waiting nor finished, yet it asked.
    expect(await list('asked=1')).toEqual([[answered.id, 'running']]);
    expect(await list('asked=1&status=running')).toEqual([[answered.id, 'running']]);
    expect(await list('asked=1&status=finished')).toEqual([]);
    expect(await list('asked=1&search=answers&q=shipping%20address')).toEqual([
      [answered.id, 'running'],
    ]);
    expect(await list('asked=1&search=answers&q=ADMIN')).toEqual([[answered.id, 'running']]);
    expect(await list('asked=1&search=answers&q=nothing%20like%20it')).toEqual([]);
    expect(await list('search=answers&q=1043')).toEqual([[silent.id, 'running']]);
    expect(await list('q=shipping')).toEqual([]);
  });

  it('filters by status, finished, kind, source and text', async () => {
    const cookie = await t.asAdmin();
    const waiting = await t.createRun({ title: 'Deploy api', customer: 'Acme' });
    await t.createRequest(waiting.id, { kind: 'plan', plan: 'p' });
    const completed = await t.createRun({ title: 'Send invoice', externalId: 'INV-77' });
    await t.agent('PATCH', `/runs/${completed.id}`, { status: 'completed' });
    const stopped = await t.createRun({ title: 'Other' });
    await t.call('POST', `/runs/${stopped.id}/stop`, { cookie });
    const running = await t.createRun({ title: 'Running one' });

    const ids = async (query: string) =>
      (await t.call('GET', `/runs?${query}`, { cookie })).body.items.map(
        (i: { id: string }) => i.id,
      );

    expect(await ids('status=waiting')).toEqual([waiting.id]);
    expect((await ids('status=finished')).sort()).toEqual([completed.id, stopped.id].sort());
    expect((await ids('status=running,waiting')).sort()).toEqual([waiting.id, running.id].sort());
    expect(await ids('kind=plan')).toEqual([waiting.id]);
    expect(await ids('kind=tool')).toEqual([]);
    expect((await ids('source=native')).length).toBe(4);
    expect(await ids('source=other')).toEqual([]);
    expect(await ids('q=acme')).toEqual([waiting.id]);
    expect(await ids('q=inv-7')).toEqual([completed.id]);
    expect(await ids('q=DEPLOY')).toEqual([waiting.id]);
    expect(await ids('q=%25')).toEqual([]);
  });

  it('sorts by urgency: soonest expiry first, no expiry last, then longest waiting', async () => {
    const cookie = await t.asAdmin();
    const inMinutes = (m: number) => new Date(t.now().getTime() + m * 60_000).toISOString();
    const noExpiryOld = await t.createRun({ title: 'no expiry, older' });
    await t.createRequest(noExpiryOld.id, toolRequest());
    t.advanceClock(1000);
    const later = await t.createRun({ title: 'expires later' });
    await t.createRequest(later.id, toolRequest({ expiresAt: inMinutes(30) }));
    const soon = await t.createRun({ title: 'expires soon' });
    await t.createRequest(soon.id, toolRequest({ expiresAt: inMinutes(5) }));
    t.advanceClock(1000);
    const noExpiryNew = await t.createRun({ title: 'no expiry, newer' });
    await t.createRequest(noExpiryNew.id, toolRequest());

    const res = await t.call('GET', '/runs?status=waiting&sort=urgency', { cookie });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([
      soon.id,
      later.id,
      noExpiryOld.id,
      noExpiryNew.id,
    ]);
  });

  it('pages with a cursor in both sorts', async () => {
    const cookie = await t.asAdmin();
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const run = await t.createRun({ title: `Run ${i}` });
      await t.createRequest(run.id, toolRequest());
      created.push(run.id);
      t.advanceClock(5);
    }
    for (const sort of ['activity', 'urgency']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/runs?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.call('GET', query, { cookie });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(sort === 'activity' ? [...created].reverse() : created);
    }
  });

  it('answers bad query parameters with 400 and details', async () => {
    const cookie = await t.asAdmin();
    for (const query of [
      'limit=0',
      'limit=501',
      'sort=random',
      'status=bogus',
      'cursor=zzz',
      'kind=email',
    ]) {
      const res = await t.call('GET', `/runs?${query}`, { cookie });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.details).toBeDefined();
    }
  });

  it('is 401 anonymous and 403 for agents', async () => {
    expect((await t.call('GET', '/runs')).status).toBe(401);
    expect((await t.agent('GET', '/runs')).status).toBe(403);
  });
});
