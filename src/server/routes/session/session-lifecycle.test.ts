import { afterEach, describe, expect, it } from 'vitest';
import { adminPassword, createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
afterEach(() => t.close());

const hour = 60 * 60 * 1000;
const policy = { idleMs: 2 * hour, maxMs: 24 * hour };

const cookieOf = (res: { headers: Headers }) => res.headers.get('Set-Cookie')?.split(';')[0] ?? '';

describe('session lifetime', () => {
  it('ends a session left idle, while use keeps it alive up to its absolute end', async () => {
    t = await createTestApp({ sessionPolicy: policy });
    const idle = await t.signIn('admin', adminPassword);
    const busy = await t.signIn('admin', adminPassword);
    for (let i = 0; i < 12; i += 1) {
      t.advanceClock(hour + 1000);
      expect((await t.call('GET', '/me', { cookie: busy })).status, `hour ${i + 1}`).toBe(200);
    }
    expect((await t.call('GET', '/me', { cookie: idle })).status).toBe(401);
    t.advanceClock(12 * hour);
    expect((await t.call('GET', '/me', { cookie: busy })).status).toBe(401);
  });

  it('sets the cookie to last as long as the absolute lifetime', async () => {
    t = await createTestApp({ sessionPolicy: policy });
    const res = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(res.headers.get('Set-Cookie')).toContain(`Max-Age=${24 * 60 * 60}`);
  });

  it('issues a new token on every sign-in and ends the one the browser held', async () => {
    t = await createTestApp();
    const first = await t.signIn('admin', adminPassword);
    const again = await t.call('POST', '/session', {
      cookie: first,
      body: { username: 'admin', password: adminPassword },
    });
    expect(again.status).toBe(200);
    const second = cookieOf(again);
    expect(second).not.toBe(first);
    expect((await t.call('GET', '/me', { cookie: first })).status).toBe(401);
    expect((await t.call('GET', '/me', { cookie: second })).status).toBe(200);
  });

  it('signs a user out everywhere, this browser included', async () => {
    t = await createTestApp();
    const user = await t.userWithRole('viewer');
    const other = await t.signIn(user.username, `${user.username}-password`);
    const res = await t.call('DELETE', '/me/sessions', { cookie: user.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('Set-Cookie')).toMatch(/cs_session=;/);
    for (const cookie of [user.cookie, other]) {
      expect((await t.call('GET', '/me', { cookie })).status).toBe(401);
    }
    const admin = await t.asAdmin();
    expect((await t.call('GET', '/me', { cookie: admin })).status).toBe(200);
  });
});

describe('changing your own password', () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    t = await createTestApp();
    const user = await t.userWithRole('reviewer');
    const password = `${user.username}-password`;
    const other = await t.signIn(user.username, password);

    const wrong = await t.call('PUT', '/me/password', {
      cookie: user.cookie,
      body: { currentPassword: 'not-it', newPassword: 'brand-new-password' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toEqual({
      currentPassword: 'This is not your current password',
    });

    const same = await t.call('PUT', '/me/password', {
      cookie: user.cookie,
      body: { currentPassword: password, newPassword: password },
    });
    expect(same.status).toBe(422);
    expect(Object.keys(same.body.error.details)).toEqual(['newPassword']);

    const short = await t.call('PUT', '/me/password', {
      cookie: user.cookie,
      body: { currentPassword: password, newPassword: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.error.details.newPassword).toBe('Use at least 8 characters');

    const ok = await t.call('PUT', '/me/password', {
      cookie: user.cookie,
      body: { currentPassword: password, newPassword: 'brand-new-password' },
    });
    expect(ok.status).toBe(204);
    expect((await t.call('GET', '/me', { cookie: user.cookie })).status).toBe(200);
    expect((await t.call('GET', '/me', { cookie: other })).status).toBe(401);
    await expect(t.signIn(user.username, password)).rejects.toThrow(/401/);
    expect(await t.signIn(user.username, 'brand-new-password')).toMatch(/^cs_session=/);
  });

  it('is rate limited like sign-in, so it cannot be used to guess the password', async () => {
    t = await createTestApp();
    const user = await t.userWithRole('viewer');
    for (let i = 0; i < 10; i += 1) {
      await t.call('PUT', '/me/password', {
        cookie: user.cookie,
        body: { currentPassword: `guess-${i}`, newPassword: 'brand-new-password' },
      });
    }
    const res = await t.call('PUT', '/me/password', {
      cookie: user.cookie,
      body: { currentPassword: `${user.username}-password`, newPassword: 'brand-new-password' },
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('is for signed-in users only', async () => {
    t = await createTestApp();
    const res = await t.call('PUT', '/me/password', {
      body: { currentPassword: adminPassword, newPassword: 'brand-new-password' },
    });
    expect(res.status).toBe(401);
  });
});

// Dozens of password checks each: slow on a busy machine.
describe('sign-in limits', { timeout: 30_000 }, () => {
  it('locks a username after 10 failures with a 429, a Retry-After and a clear message', async () => {
    t = await createTestApp();
    for (let i = 0; i < 10; i += 1) {
      const res = await t.call('POST', '/session', {
        body: { username: 'admin', password: `wrong-${i}` },
        ip: `10.0.0.${i}`,
      });
      expect(res.status).toBe(401);
    }
    const res = await t.call('POST', '/session', {
      body: { username: 'Admin', password: adminPassword },
      ip: '10.0.1.1',
    });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.body.error.message).toBe(
      'Too many failed sign-ins for this username. Try again in 15 minutes.',
    );
    const retryAfter = Number(res.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(res.body.error.details).toEqual({ retryAfterSeconds: retryAfter });

    t.advanceClock(15 * 60 * 1000);
    expect(await t.signIn('admin', adminPassword)).toMatch(/^cs_session=/);
  });

  it('limits one address trying many usernames, without locking others out', async () => {
    t = await createTestApp();
    for (let i = 0; i < 30; i += 1) {
      await t.call('POST', '/session', {
        body: { username: `user${i}`, password: 'guess' },
        ip: '203.0.113.9',
      });
    }
    const blocked = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
      ip: '203.0.113.9',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(
      /^Too many failed sign-ins from your network address/,
    );
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);

    const elsewhere = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
      ip: '198.51.100.4',
    });
    expect(elsewhere.status).toBe(200);
  });

  it('reads the address from the socket and ignores X-Forwarded-For unless told to trust it', async () => {
    t = await createTestApp();
    for (let i = 0; i < 30; i += 1) {
      await t.call('POST', '/session', {
        body: { username: `user${i}`, password: 'guess' },
        ip: '203.0.113.9',
        headers: { 'X-Forwarded-For': `192.0.2.${i}` },
      });
    }
    const spoofed = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
      ip: '203.0.113.9',
      headers: { 'X-Forwarded-For': '192.0.2.200' },
    });
    expect(spoofed.status).toBe(429);
  });

  it('behind a trusted proxy, limits by the last X-Forwarded-For entry', async () => {
    t = await createTestApp({ trustProxy: true });
    for (let i = 0; i < 30; i += 1) {
      await t.call('POST', '/session', {
        body: { username: `user${i}`, password: 'guess' },
        ip: '10.0.0.1',
        headers: { 'X-Forwarded-For': `1.2.3.${i}, 203.0.113.9` },
      });
    }
    const sameClient = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
      ip: '10.0.0.1',
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(sameClient.status).toBe(429);
    const otherClient = await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
      ip: '10.0.0.1',
      headers: { 'X-Forwarded-For': '198.51.100.4' },
    });
    expect(otherClient.status).toBe(200);
  });
});
