import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultNotificationPreferences } from '../../../shared/notifications';
import { EventBus } from '../../events/bus';
import { createLogger } from '../../lib/logger';
import { Metrics } from '../../metrics/metrics';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { createTestApp, toolRequest } from '../../testing/test-app';
import { startNotificationWorker } from '../../workers/notification-worker';
import { commit } from '../commit';
import { quietHoursEnd } from './preferences';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { status?: number } = {}) {
  const secrets = ephemeralSecretBox();
  const metrics = new Metrics();
  const t = await createTestApp({ connectors: { secrets } });
  cleanups.push(() => t.close());
  const ids: string[] = [];
  const server = createServer((req, res) => {
    ids.push(String(req.headers['webhook-id']));
    req.resume();
    req.on('end', () => res.writeHead(options.status ?? 204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const hook = await t.call('POST', '/webhooks', {
    cookie: await t.asAdmin(),
    body: { url, events: ['request.created', 'request.expired'] },
  });
  expect(hook.status).toBe(201);
  const worker = (reminderLeadMs?: number) => {
    const w = startNotificationWorker(
      {
        db: t.db,
        bus: new EventBus(),
        now: t.now,
        logger: createLogger('silent'),
        secrets,
        http: fetch,
        config: {},
        observe: metrics,
      },
      { intervalMs: 60_000, reminderLeadMs },
    );
    cleanups.push(() => w.stop());
    return w;
  };
  return { t, ids, worker, metrics };
}

async function counted(metrics: Metrics, labels: string): Promise<number> {
  const line = (await metrics.scrape()).text
    .split('\n')
    .find((l) => l.startsWith(`countersign_notifications_total{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the notification outbox', () => {
  it('queues a job in the transaction of its event: none when that transaction rolls back', async () => {
    const { t } = await setup();
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const count = async () =>
      (await t.db.selectFrom('notification_jobs').select('id').execute()).length;
    expect(await count()).toBe(1);
    await expect(
      commit({ db: t.db, bus: t.bus, now: t.now }, async (trx, emit) => {
        await trx
          .updateTable('requests')
          .set({ status: 'expired' })
          .where('id', '=', request.id)
          .execute();
        emit({ type: 'request.updated', runId: run.id, requestId: request.id });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count()).toBe(1);
  });

  it('sends each job once though several workers claim at the same time', async () => {
    const { t, ids, worker } = await setup();
    const run = await t.createRun();
    for (let i = 0; i < 12; i += 1) await t.createRequest(run.id, toolRequest());
    const workers = [worker(), worker(), worker()];
    await Promise.all(workers.map((w) => w.runOnce()));
    await Promise.all(workers.map((w) => w.runOnce()));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('counts each attempt in the metrics, by channel and outcome', async () => {
    const sent = await setup();
    const run = await sent.t.createRun();
    await sent.t.createRequest(run.id, toolRequest());
    await sent.t.createRequest(run.id, toolRequest());
    await sent.worker().runOnce();
    expect(await counted(sent.metrics, 'channel="webhook",outcome="sent"')).toBe(2);
    expect(await counted(sent.metrics, 'channel="webhook",outcome="retry"')).toBe(0);

    const refused = await setup({ status: 503 });
    const again = await refused.t.createRun();
    await refused.t.createRequest(again.id, toolRequest());
    await refused.worker().runOnce();
    expect(await counted(refused.metrics, 'channel="webhook",outcome="retry"')).toBe(1);
    expect(await counted(refused.metrics, 'channel="webhook",outcome="sent"')).toBe(0);
  });

  it('reminds once, shortly before a pending request expires', async () => {
    const { t, ids, worker } = await setup();
    await t.call('POST', '/webhooks', {
      cookie: await t.asAdmin(),
      body: { url: 'http://127.0.0.1:9/unused', events: ['request.answered'] },
    });
    const user = await t.userWithRole('reviewer');
    await t.call('PUT', '/me/notifications', {
      cookie: user.cookie,
      body: {
        ...defaultNotificationPreferences,
        channels: { ...defaultNotificationPreferences.channels, email: true },
        email: 'r@example.com',
      },
    });
    const run = await t.createRun();
    const expiresAt = new Date(t.now().getTime() + 30 * 60_000).toISOString();
    await t.createRequest(run.id, toolRequest({ expiresAt }));
    const w = worker(10 * 60_000);
    await w.runOnce();
    const reminders = async () =>
      (await t.db.selectFrom('notification_jobs').selectAll().execute()).filter(
        (j) => j.event === 'request.reminder',
      );
    expect(await reminders()).toHaveLength(0);
    t.advanceClock(21 * 60_000);
    await w.runOnce();
    await w.runOnce();
    const queued = await reminders();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ channel: 'email', recipient: user.id });
    expect(ids).toHaveLength(1);
  });
});

describe('quiet hours', () => {
  const quiet = (start: string, end: string, timeZone = 'Europe/Berlin') => ({
    ...defaultNotificationPreferences,
    quietHours: { start, end, timeZone },
  });

  it('delay a notification to their end, across midnight and in the user’s time zone', () => {
    // 23:30 in Berlin (UTC+1 in December).
    const late = new Date('2026-12-04T22:30:00Z');
    expect(quietHoursEnd(quiet('22:00', '07:00'), late).toISOString()).toBe(
      '2026-12-05T06:00:00.000Z',
    );
    const noon = new Date('2026-12-04T11:00:00Z');
    expect(quietHoursEnd(quiet('22:00', '07:00'), noon)).toEqual(noon);
    expect(quietHoursEnd(quiet('11:30', '13:00'), noon).toISOString()).toBe(
      '2026-12-04T12:00:00.000Z',
    );
    expect(quietHoursEnd(defaultNotificationPreferences, noon)).toEqual(noon);
  });
});
