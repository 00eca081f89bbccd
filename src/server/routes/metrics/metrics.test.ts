import { afterEach, describe, expect, it } from 'vitest';
import { parseMetrics, sampleValue } from '../../testing/metrics-text';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

const token = 'metrics-token-0123456789';
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function scrape(app: TestApp['app'], authorization = `Bearer ${token}`) {
  const res = await app.request('/metrics', { headers: { Authorization: authorization } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('GET /metrics', () => {
  it('does not exist without a configured token', async () => {
    t = await createTestApp();
    const res = await t.app.request('/metrics', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'Page not found',
        requestId: res.headers.get('X-Request-Id'),
      },
    });
  });

  it('answers only the bearer of the token, without a session or an origin check', async () => {
    t = await createTestApp({ metricsToken: token });
    for (const authorization of ['', 'Bearer ', `Bearer ${token}x`, token, `Basic ${token}`]) {
      const res = await t.app.request('/metrics', { headers: { Authorization: authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="metrics"');
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    const res = await t.app.request('/metrics', {
      headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('counts pending requests by kind and source, and the time from ask to answer', async () => {
    t = await createTestApp({ metricsToken: token });
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    let text = await scrape(t.app);
    expect(
      sampleValue(text, 'countersign_pending_requests', { kind: 'tool', source: 'native' }),
    ).toBe(1);
    expect(
      sampleValue(text, 'countersign_pending_requests', { kind: 'plan', source: 'm8tes' }),
    ).toBe(0);
    expect(sampleValue(text, 'countersign_answer_seconds_count', { kind: 'tool' })).toBeUndefined();

    const reviewer = await t.userWithRole('reviewer');
    const answered = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve' },
      headers: { 'Idempotency-Key': 'k1' },
    });
    expect(answered.status).toBe(200);
    // Neither a late answer from someone else nor a replay of the same answer is a second answer.
    const late = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: (await t.userWithRole('reviewer')).cookie,
      body: { decision: 'deny' },
    });
    expect(late.status).toBe(409);
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve' },
      headers: { 'Idempotency-Key': 'k1' },
    });
    expect((await t.agent('GET', `/requests/${request.id}`)).body.delivery.status).toBe(
      'delivered',
    );
    await t.agent('GET', `/requests/${request.id}`);

    text = await scrape(t.app);
    expect(
      sampleValue(text, 'countersign_pending_requests', { kind: 'tool', source: 'native' }),
    ).toBe(0);
    expect(sampleValue(text, 'countersign_answer_seconds_count', { kind: 'tool' })).toBe(1);
    expect(sampleValue(text, 'countersign_delivery_seconds_count', { platform: 'native' })).toBe(1);
  });

  it('labels HTTP requests by route pattern and status, never by the raw path', async () => {
    t = await createTestApp({ metricsToken: token });
    const run = await t.createRun();
    await t.agent('GET', `/runs/${run.id}`);
    await t.agent('GET', '/runs/run_doesnotexist');
    for (let i = 0; i < 50; i += 1) {
      await t.app.request(`/api/v1/made-up-${i}/x%0Ay?q=${i}`);
      await t.app.request(`/page-${i}`, { method: i % 2 ? 'BREW' : 'GET' });
    }
    const text = await scrape(t.app);
    const get = { method: 'GET', route: '/api/v1/runs/:id' };
    expect(sampleValue(text, 'countersign_http_requests_total', { ...get, status: '200' })).toBe(1);
    expect(sampleValue(text, 'countersign_http_requests_total', { ...get, status: '404' })).toBe(1);
    const samples = parseMetrics(text).filter((s) => s.name === 'countersign_http_requests_total');
    const routes = new Set(samples.map((s) => s.labels.route));
    for (const route of routes) expect(route).not.toMatch(/made-up|page-|run_/);
    expect(new Set(samples.map((s) => s.labels.method))).toEqual(new Set(['GET', 'POST', 'other']));
    expect(samples.length).toBeLessThan(12);
  });

  it('counts agents waiting on ?wait= and open event streams in this process', async () => {
    t = await createTestApp({ metricsToken: token });
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const waiting = t.agent('GET', `/requests/${request.id}?wait=20`);
    await expect
      .poll(async () => sampleValue(await scrape(t!.app), 'countersign_waiting_agents'))
      .toBe(1);
    const reviewer = await t.userWithRole('reviewer');
    const stream = await t.app.request('/api/v1/stream', { headers: { Cookie: reviewer.cookie } });
    expect(stream.status).toBe(200);
    expect(sampleValue(await scrape(t.app), 'countersign_event_streams')).toBe(1);
    await stream.body!.cancel();
    expect(sampleValue(await scrape(t.app), 'countersign_event_streams')).toBe(0);

    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'deny' },
    });
    expect((await waiting).body.status).toBe('answered');
    expect(sampleValue(await scrape(t.app), 'countersign_waiting_agents')).toBe(0);
  });
});
