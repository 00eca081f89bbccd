import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptPush,
  startPushService,
  vapidClaims,
  type PushDevice,
} from '../../../../../test/fakes/push-service';
import { EventBus } from '../../../events/bus';
import { createLogger } from '../../../lib/logger';
import { ephemeralSecretBox } from '../../../lib/secret-box';
import { createTestApp, toolRequest, type TestApp } from '../../../testing/test-app';
import { startNotificationWorker } from '../../../workers/notification-worker';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const secrets = ephemeralSecretBox();
  const t = await createTestApp({ connectors: { secrets }, push: { allowLoopback: true } });
  cleanups.push(() => t.close());
  const service = await startPushService();
  cleanups.push(() => service.close());
  const worker = startNotificationWorker(
    {
      db: t.db,
      bus: new EventBus(),
      now: t.now,
      logger: createLogger('silent'),
      secrets,
      http: fetch,
      config: { pushAllowLoopback: true },
    },
    { intervalMs: 60_000, backoff: { baseMs: 10, maxMs: 10 } },
  );
  cleanups.push(() => worker.stop());
  return { t, worker, service };
}

const pushOn = (extra: Record<string, unknown> = {}) => ({
  channels: { browser: true, push: true, email: false, slack: false },
  scope: { mode: 'all', kinds: [], sources: [] },
  quietHours: null,
  emailMode: 'each',
  quickActions: false,
  email: null,
  ...extra,
});

async function subscriber(t: TestApp, devices: PushDevice[], preferences = pushOn()) {
  const user = await t.userWithRole('reviewer');
  expect(
    (await t.call('PUT', '/me/notifications', { cookie: user.cookie, body: preferences })).status,
  ).toBe(200);
  for (const device of devices) {
    const reply = await t.call('POST', '/push/subscriptions', {
      cookie: user.cookie,
      body: { endpoint: device.endpoint, keys: device.keys },
    });
    expect(reply.status).toBe(201);
  }
  return user;
}

async function pushJobs(t: TestApp) {
  return t.db.selectFrom('notification_jobs').selectAll().where('channel', '=', 'push').execute();
}

describe('the push channel', () => {
  it('pushes a new request to each device, encrypted for it and signed with the server’s VAPID key', async () => {
    const { t, worker, service } = await setup();
    const phone = service.device('phone');
    const laptop = service.device('laptop');
    const user = await subscriber(t, [phone, laptop], pushOn({ quickActions: true }));
    const run = await t.createRun({ title: 'Refund <b>order</b> 1042' });
    const request = await t.createRequest(
      run.id,
      toolRequest({ input: { orderId: 1042, amount: 25, note: 'x'.repeat(500), a: 1, b: 2 } }),
    );
    await worker.runOnce();
    const pushes = await service.waitFor(2);
    const publicKey = (await t.call('GET', '/push/public-key', { cookie: user.cookie })).body
      .publicKey;
    for (const push of pushes) {
      const device = push.device === 'phone' ? phone : laptop;
      const payload = JSON.parse(decryptPush(device, push));
      expect(payload).toMatchObject({
        title: 'Refund <b>order</b> 1042',
        url: `/runs/${run.id}`,
        requestId: request.id,
        actions: [
          { action: 'approve', title: 'Approve' },
          { action: 'deny', title: 'Deny' },
        ],
      });
      expect(payload.body).toContain('Run refund_order');
      expect(payload.body).toContain('orderId: 1042');
      expect(payload.body).toContain('…and 1 more');
      expect(payload.body.length).toBeLessThanOrEqual(400);
      const { key, claims } = vapidClaims(push);
      expect(key).toBe(publicKey);
      expect(claims.aud).toBe(service.url);
      expect(claims.exp * 1000).toBeGreaterThan(Date.now());
      expect(claims.sub).toMatch(/^(mailto:|https:)/);
      expect(push.headers.ttl).toBeDefined();
      expect(push.headers.urgency).toBe('high');
      expect(push.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    }
    // Decrypting with another device's keys fails: each push is for its own device.
    expect(() =>
      decryptPush(
        laptop,
        pushes.find((p) => p.device === 'phone')!,
      ),
    ).toThrow();
    expect((await pushJobs(t)).map((j) => j.status)).toEqual(['sent']);
  });

  it('offers no quick actions unless the user turned them on, and none but on tool requests', async () => {
    const { t, worker, service } = await setup();
    const device = service.device();
    await subscriber(t, [device]);
    const withActions = service.device();
    await subscriber(t, [withActions], pushOn({ quickActions: true }));
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    await t.createRequest(run.id, { kind: 'plan', plan: 'Step 1' });
    await worker.runOnce();
    const pushes = await service.waitFor(4);
    const payloadsOf = (d: PushDevice) =>
      pushes.filter((p) => d.endpoint.endsWith(p.device)).map((p) => JSON.parse(decryptPush(d, p)));
    expect(payloadsOf(device).map((p) => p.actions)).toEqual([[], []]);
    const actions = payloadsOf(withActions).map((p) => [p.body.split(':')[0], p.actions.length]);
    expect(actions).toContainEqual(['Run refund_order\norderId', 2]);
    expect(actions).toContainEqual(['Approve a plan', 0]);
  });

  it('follows the same preferences as email: off, or out of scope, means no push', async () => {
    const { t, worker, service } = await setup();
    await subscriber(
      t,
      [service.device()],
      pushOn({ channels: { browser: true, push: false, email: false, slack: false } }),
    );
    await subscriber(
      t,
      [service.device()],
      pushOn({ scope: { mode: 'chosen', kinds: ['plan'], sources: [] } }),
    );
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    expect(service.received).toHaveLength(0);
    expect(await pushJobs(t)).toEqual([]);
  });

  it('removes a device its push service says is gone, and waits out a 429’s Retry-After', async () => {
    const { t, worker, service } = await setup();
    const gone = service.device('gone');
    const busy = service.device('busy');
    const user = await subscriber(t, [gone, busy]);
    let busyCalls = 0;
    service.answerWith((push) => {
      if (push.device === 'gone') return { status: 410 };
      busyCalls += 1;
      return busyCalls === 1 ? { status: 429, headers: { 'Retry-After': '30' } } : { status: 201 };
    });
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    expect(service.received).toHaveLength(2);
    const devices = await t.call('GET', '/push/subscriptions', { cookie: user.cookie });
    expect(devices.body.items).toHaveLength(1);
    expect((await pushJobs(t))[0]!.status).toBe('pending');
    t.advanceClock(29_000);
    await worker.runOnce();
    expect(service.received).toHaveLength(2);
    t.advanceClock(1_100);
    await worker.runOnce();
    expect(service.received.map((p) => p.device)).toEqual(['gone', 'busy', 'busy']);
    expect((await pushJobs(t))[0]!.status).toBe('sent');
  });

  it('drops the push of a request answered before it went out', async () => {
    const { t, worker, service } = await setup();
    await subscriber(t, [service.device()]);
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: await t.asAdmin(),
      body: { decision: 'approve' },
    });
    await worker.runOnce();
    expect(service.received).toHaveLength(0);
    expect((await pushJobs(t)).map((j) => j.status)).toEqual(['dropped']);
  });
});
