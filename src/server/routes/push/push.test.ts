import { afterEach, describe, expect, it } from 'vitest';
import { vapidKeys } from '../../domain/push/vapid-keys';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { createTestApp } from '../../testing/test-app';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(push: { allowLoopback?: boolean } = {}) {
  const secrets = ephemeralSecretBox();
  const t = await createTestApp({ connectors: { secrets }, push });
  cleanups.push(() => t.close());
  return { t, secrets };
}

const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const auth = Buffer.alloc(16, 9).toString('base64url');
const subscription = (endpoint: string, keys = { p256dh, auth }) => ({ endpoint, keys });
const chromeOnAndroid =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';

describe('VAPID keys', () => {
  it('are generated once and shared by processes that start together', async () => {
    const { t, secrets } = await setup();
    const at = new Date().toISOString();
    const pairs = await Promise.all(
      Array.from({ length: 5 }, () => vapidKeys(t.db, secrets, undefined, at)),
    );
    expect(new Set(pairs.map((p) => p.publicKey)).size).toBe(1);
    expect(new Set(pairs.map((p) => p.privateKey)).size).toBe(1);
    const row = await t.db.selectFrom('push_vapid_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.private_key).not.toContain(pairs[0]!.privateKey);
    const user = await t.userWithRole('viewer');
    const reply = await t.call('GET', '/push/public-key', { cookie: user.cookie });
    expect(reply.body).toEqual({ publicKey: pairs[0]!.publicKey });
  });

  it('are the configured ones when set', async () => {
    const t = await createTestApp({
      push: { vapid: { publicKey: p256dh, privateKey: auth + auth } },
    });
    cleanups.push(() => t.close());
    const user = await t.userWithRole('viewer');
    const reply = await t.call('GET', '/push/public-key', { cookie: user.cookie });
    expect(reply.body).toEqual({ publicKey: p256dh });
  });
});

describe('push subscriptions', () => {
  it('adds a device once per endpoint, lists only the caller’s own, and removes only those', async () => {
    const { t } = await setup();
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('viewer');
    const endpoint = 'https://fcm.googleapis.com/fcm/send/abc';
    const first = await t.call('POST', '/push/subscriptions', {
      cookie: alice.cookie,
      headers: { 'User-Agent': chromeOnAndroid },
      body: subscription(endpoint),
    });
    expect(first.status).toBe(201);
    expect(first.body.label).toBe('Chrome on Android');
    const again = await t.call('POST', '/push/subscriptions', {
      cookie: alice.cookie,
      body: subscription(endpoint, { p256dh, auth: Buffer.alloc(16, 1).toString('base64url') }),
    });
    expect(again.body.id).toBe(first.body.id);
    const rows = await t.db.selectFrom('push_subscriptions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.auth).toBe(Buffer.alloc(16, 1).toString('base64url'));

    const listed = await t.call('GET', '/push/subscriptions', { cookie: alice.cookie });
    expect(listed.body.items).toEqual([
      { id: first.body.id, label: 'Browser', createdAt: first.body.createdAt },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('fcm');
    const bobs = await t.call('GET', '/push/subscriptions', { cookie: bob.cookie });
    expect(bobs.body.items).toEqual([]);

    const stolen = await t.call('DELETE', `/push/subscriptions/${first.body.id}`, {
      cookie: bob.cookie,
    });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('not_found');
    const removed = await t.call('DELETE', `/push/subscriptions/${first.body.id}`, {
      cookie: alice.cookie,
    });
    expect(removed.status).toBe(204);
    expect(await t.db.selectFrom('push_subscriptions').selectAll().execute()).toEqual([]);
  });

  it('refuses endpoints the server must not call, and bad keys, with 422', async () => {
    const { t } = await setup();
    const user = await t.userWithRole('viewer');
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://127.0.0.1/push',
      'https://[::1]/push',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/push',
      'https://metadata.google.internal/computeMetadata',
      'https://push.example.com:8443/push',
      'https://user:pass@push.example.com/push',
      'http://127.0.0.1:9/push',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const reply = await t.call('POST', '/push/subscriptions', {
        cookie: user.cookie,
        body: subscription(endpoint),
      });
      expect(reply.status, endpoint).toBe(422);
      expect(reply.body.error.details.endpoint, endpoint).toBeTruthy();
    }
    for (const keys of [
      { p256dh: Buffer.alloc(65, 4).toString('base64url').slice(1), auth },
      { p256dh, auth: Buffer.alloc(8).toString('base64url') },
      { p256dh: 'not base64 !', auth },
    ]) {
      const reply = await t.call('POST', '/push/subscriptions', {
        cookie: user.cookie,
        body: subscription('https://push.example.com/x', keys),
      });
      expect([400, 422]).toContain(reply.status);
    }
    for (const body of [{ __proto__: null, constructor: 1 }, { endpoint: 1 }, []]) {
      const reply = await t.call('POST', '/push/subscriptions', { cookie: user.cookie, body });
      expect([400, 422]).toContain(reply.status);
    }
    expect(await t.db.selectFrom('push_subscriptions').selectAll().execute()).toEqual([]);
  });

  it('allows a loopback push service only when the setting says so', async () => {
    const { t } = await setup({ allowLoopback: true });
    const user = await t.userWithRole('viewer');
    const reply = await t.call('POST', '/push/subscriptions', {
      cookie: user.cookie,
      body: subscription('http://127.0.0.1:9/push/1'),
    });
    expect(reply.status).toBe(201);
  });

  it('keeps each user to a bounded number of devices', async () => {
    const { t } = await setup();
    const user = await t.userWithRole('viewer');
    for (let i = 0; i < 20; i++) {
      const reply = await t.call('POST', '/push/subscriptions', {
        cookie: user.cookie,
        body: subscription(`https://push.example.com/d/${i}`),
      });
      expect(reply.status).toBe(201);
    }
    const over = await t.call('POST', '/push/subscriptions', {
      cookie: user.cookie,
      body: subscription('https://push.example.com/d/20'),
    });
    expect(over.status).toBe(409);
    const again = await t.call('POST', '/push/subscriptions', {
      cookie: user.cookie,
      body: subscription('https://push.example.com/d/3'),
    });
    expect(again.status).toBe(201);
    const count = await t.db.selectFrom('push_subscriptions').selectAll().execute();
    expect(count).toHaveLength(20);
  });

  it('keeps the bound when forty devices subscribe at once', async () => {
    const { t } = await setup();
    const user = await t.userWithRole('viewer');
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.call('POST', '/push/subscriptions', {
          cookie: user.cookie,
          body: subscription(`https://push.example.com/burst/${i}`),
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(20);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(20);
    const stored = await t.db.selectFrom('push_subscriptions').selectAll().execute();
    expect(stored).toHaveLength(20);
  });
});
