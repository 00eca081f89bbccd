import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminPassword, createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('session', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^usr_/),
      username: 'admin',
      role: 'admin',
    });
    const cookie = res.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^cs_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const wrong = await t.call('POST', '/session', {
      body: { username: 'admin', password: 'nope' },
    });
    const unknown = await t.call('POST', '/session', {
      body: { username: 'ghost', password: 'nope' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({
        code: 'unauthorized',
        message: 'Wrong username or password',
        requestId: res.headers.get('X-Request-Id'),
      });
    }
  });

  it('rate-limits repeated failed sign-ins for one username', async () => {
    for (let i = 0; i < 10; i += 1) {
      await t.call('POST', '/session', { body: { username: 'admin', password: `wrong${i}` } });
    }
    const res = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
  });

  it('validates the sign-in body with field details', async () => {
    const res = await t.call('POST', '/session', { body: { username: '', password: '' } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid');
    expect(res.body.error.details).toEqual({
      username: 'Enter your username',
      password: 'Enter your password',
    });
  });

  it('returns the signed-in user from /me, and 401 without a session', async () => {
    const cookie = await t.asAdmin();
    const me = await t.call('GET', '/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');

    const anonymous = await t.call('GET', '/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');

    const forged = await t.call('GET', '/me', { cookie: 'cs_session=not-a-real-session' });
    expect(forged.status).toBe(401);
  });

  it('signs out: 204, the cookie is cleared and the session no longer works', async () => {
    const cookie = await t.signIn('admin', adminPassword);
    const res = await t.call('DELETE', '/session', { cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('Set-Cookie')).toMatch(/cs_session=;/);
    expect((await t.call('GET', '/me', { cookie })).status).toBe(401);
  });

  it('expires sessions after seven days', async () => {
    const cookie = await t.signIn('admin', adminPassword);
    t.advanceClock(7 * 24 * 60 * 60 * 1000 + 1000);
    expect((await t.call('GET', '/me', { cookie })).status).toBe(401);
  });

  it('refuses a state change from another origin', async () => {
    const cookie = await t.asAdmin();
    const res = await t.call('POST', '/rules', {
      cookie,
      body: { customer: null, tool: 'send_email' },
      headers: { Origin: 'https://evil.example', Host: 'localhost' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');

    const sameOrigin = await t.call('POST', '/rules', {
      cookie,
      body: { customer: null, tool: 'send_email' },
      headers: { Origin: 'http://localhost', Host: 'localhost' },
    });
    expect(sameOrigin.status).toBe(201);
  });
});
