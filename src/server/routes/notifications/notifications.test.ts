import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../events/bus';
import { createLogger } from '../../lib/logger';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';
import { startNotificationWorker } from '../../workers/notification-worker';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(config: { smtpUrl?: string } = {}) {
  const secrets = ephemeralSecretBox();
  const t = await createTestApp({ connectors: { secrets } });
  cleanups.push(() => t.close());
  const worker = startNotificationWorker(
    {
      db: t.db,
      bus: new EventBus(),
      now: t.now,
      logger: createLogger('silent'),
      secrets,
      http: fetch,
      config: {
        smtpUrl: config.smtpUrl,
        mailFrom: 'Countersign <cs@example.com>',
        publicUrl: 'https://cs.example.com',
      },
    },
    { intervalMs: 60_000, backoff: { baseMs: 10, maxMs: 10 } },
  );
  cleanups.push(() => worker.stop());
  return { t, worker, secrets };
}

async function smtp() {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, mails };
}

async function receiver(
  answer: (n: number) => { status: number; headers?: Record<string, string> },
) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const reply = answer(received.length);
      res.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const emailOn = (email: string, extra: Record<string, unknown> = {}) => ({
  channels: { browser: true, push: false, email: true, slack: false },
  scope: { mode: 'all', kinds: [], sources: [] },
  quietHours: null,
  emailMode: 'each',
  quickActions: false,
  email,
  ...extra,
});

async function jobs(t: TestApp) {
  return t.db.selectFrom('notification_jobs').selectAll().execute();
}

describe('notification preferences', () => {
  it('reads defaults, saves them, and refuses bad input with 400/422 rather than 500', async () => {
    const { t } = await setup();
    const user = await t.userWithRole('reviewer');
    const first = await t.call('GET', '/me/notifications', { cookie: user.cookie });
    expect(first.status).toBe(200);
    expect(first.body.channels.email).toBe(false);
    expect(first.body.email).toBeNull();
    const saved = await t.call('PUT', '/me/notifications', {
      cookie: user.cookie,
      body: emailOn('r@example.com', {
        quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' },
      }),
    });
    expect(saved.status).toBe(200);
    const again = await t.call('GET', '/me/notifications', { cookie: user.cookie });
    expect(again.body.email).toBe('r@example.com');
    expect(again.body.quietHours.timeZone).toBe('Europe/Berlin');
    for (const bad of [
      emailOn('not an email'),
      emailOn('a@example.com', { quietHours: { start: '25:00', end: '07:00', timeZone: 'UTC' } }),
      emailOn('a@example.com', {
        quietHours: { start: '01:00', end: '07:00', timeZone: 'Mars/Base' },
      }),
      emailOn('a@example.com', { emailMode: 'weekly' }),
      { __proto__: null, constructor: 1 },
    ]) {
      const res = await t.call('PUT', '/me/notifications', { cookie: user.cookie, body: bad });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toBeTypeOf('string');
    }
  });
});

describe('email notifications', () => {
  it('emails a new request once, with hostile agent text escaped, a run link and an unsubscribe that needs a POST', async () => {
    const mail = await smtp();
    const { t, worker } = await setup({ smtpUrl: mail.url });
    const user = await t.userWithRole('reviewer');
    await t.call('PUT', '/me/notifications', {
      cookie: user.cookie,
      body: emailOn('r@example.com'),
    });
    const run = await t.createRun({ title: 'Evil <script>alert(1)</script> run' });
    await t.createRequest(run.id, toolRequest({ reason: '<img src=x onerror=alert(1)> "quoted"' }));
    await worker.runOnce();
    await worker.runOnce();
    expect(mail.mails).toHaveLength(1);
    const [message] = mail.mails;
    expect(message!.to).toMatchObject({ text: 'r@example.com' });
    expect(message!.html).not.toContain('<script>');
    expect(message!.html).not.toContain('<img');
    expect(message!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message!.text).toContain('<img src=x onerror=alert(1)>');
    expect(message!.text).toContain(`https://cs.example.com/runs/${run.id}`);
    const unsubscribeUrl = /Stop these emails: (\S+)/.exec(message!.text!)![1]!;
    const path =
      new URL(unsubscribeUrl).pathname.replace('/api/v1', '') + new URL(unsubscribeUrl).search;
    const page = await t.call('GET', path);
    expect(page.status).toBe(200);
    expect(
      (await t.call('GET', '/me/notifications', { cookie: user.cookie })).body.channels.email,
    ).toBe(true);
    const token = new URL(unsubscribeUrl).searchParams.get('token')!;
    const done = await t.call('POST', '/notifications/unsubscribe', {
      rawBody: new URLSearchParams({ token }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect(
      (await t.call('GET', '/me/notifications', { cookie: user.cookie })).body.channels.email,
    ).toBe(false);
    const forged = await t.call('GET', '/notifications/unsubscribe?token=v1:AAAA:BBBB:CCCC');
    expect(forged.status).toBe(400);
  });

  it('gathers an hourly digest into one email and leaves out requests answered meanwhile', async () => {
    const mail = await smtp();
    const { t, worker } = await setup({ smtpUrl: mail.url });
    const user = await t.userWithRole('reviewer');
    await t.call('PUT', '/me/notifications', {
      cookie: user.cookie,
      body: emailOn('d@example.com', { emailMode: 'hourly' }),
    });
    const run = await t.createRun();
    const a = await t.createRequest(run.id, toolRequest({ reason: 'first call' }));
    await t.createRequest(run.id, toolRequest({ reason: 'second call' }));
    await t.createRequest(run.id, toolRequest({ reason: 'third call' }));
    await t.call('POST', `/requests/${a.id}/response`, {
      cookie: await t.asAdmin(),
      body: { decision: 'approve' },
    });
    await worker.runOnce();
    expect(mail.mails).toHaveLength(0);
    t.advanceClock(61 * 60_000);
    await worker.runOnce();
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]!.subject).toBe('2 requests are waiting for you');
    expect(mail.mails[0]!.text).toContain('second call');
    expect(mail.mails[0]!.text).toContain('third call');
    expect(mail.mails[0]!.text).not.toContain('first call');
    expect((await jobs(t)).filter((j) => j.channel === 'email').map((j) => j.status)).toEqual([
      'sent',
      'sent',
      'sent',
    ]);
  });
});

describe('outgoing webhooks', () => {
  it('signs each event as a Standard Webhook, retries after Retry-After, and logs deliveries for admins', async () => {
    const hook = await receiver((n) =>
      n === 1 ? { status: 429, headers: { 'Retry-After': '30' } } : { status: 204 },
    );
    const { t, worker } = await setup();
    const admin = await t.asAdmin();
    const created = await t.call('POST', '/webhooks', {
      cookie: admin,
      body: { url: hook.url, events: ['request.created', 'request.answered'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await t.call('GET', '/webhooks', { cookie: admin });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    expect(hook.received).toHaveLength(1);
    t.advanceClock(29_000);
    await worker.runOnce();
    expect(hook.received).toHaveLength(1);
    t.advanceClock(1_100);
    await worker.runOnce();
    expect(hook.received).toHaveLength(2);
    const verifier = new Webhook(created.body.secret);
    const delivery = hook.received[1]!;
    const payload = verifier.verify(delivery.body, delivery.headers as Record<string, string>) as {
      type: string;
      data: { requestId: string };
    };
    expect(payload.type).toBe('request.created');
    expect(payload.data.requestId).toBe(request.id);
    expect(hook.received[0]!.headers['webhook-id']).toBe(delivery.headers['webhook-id']);
    const log = await t.call('GET', `/webhooks/${created.body.id}/deliveries`, { cookie: admin });
    expect(log.body.items).toMatchObject([
      { status: 'sent', attempts: 2, event: 'request.created' },
    ]);
  });

  it('shows failures to admins and sends again on Retry', async () => {
    let fail = true;
    const hook = await receiver(() => ({ status: fail ? 410 : 200 }));
    const { t, worker } = await setup();
    const admin = await t.asAdmin();
    const created = await t.call('POST', '/webhooks', {
      cookie: admin,
      body: { url: hook.url, events: ['request.created'] },
    });
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    const failures = await t.call('GET', '/notifications/failures', { cookie: admin });
    expect(failures.body.items).toMatchObject([
      { channel: 'webhook', lastError: 'The webhook answered 410' },
    ]);
    const viewer = await t.userWithRole('viewer');
    expect((await t.call('GET', '/notifications/failures', { cookie: viewer.cookie })).status).toBe(
      403,
    );
    fail = false;
    const jobId = failures.body.items[0].id;
    const retried = await t.call('POST', `/webhooks/${created.body.id}/deliveries/${jobId}/retry`, {
      cookie: admin,
    });
    expect(retried.status).toBe(202);
    await worker.runOnce();
    expect(hook.received).toHaveLength(2);
    expect((await t.call('GET', '/notifications/failures', { cookie: admin })).body.items).toEqual(
      [],
    );
  });

  it('records adding and removing a webhook in the audit log', async () => {
    const { t } = await setup();
    const admin = await t.asAdmin();
    const created = await t.call('POST', '/webhooks', {
      cookie: admin,
      body: { url: 'https://hooks.example.com/in', events: ['request.expired'] },
    });
    expect((await t.call('DELETE', `/webhooks/${created.body.id}`, { cookie: admin })).status).toBe(
      204,
    );
    expect((await t.call('DELETE', `/webhooks/${created.body.id}`, { cookie: admin })).status).toBe(
      404,
    );
    const audit = await t.call('GET', '/audit?action=webhook', { cookie: admin });
    expect(audit.body.items).toMatchObject([
      {
        action: 'webhook.removed',
        actor: 'admin',
        targetId: created.body.id,
        summary: 'admin removed the webhook to https://hooks.example.com/in',
      },
      {
        action: 'webhook.created',
        actor: 'admin',
        targetId: created.body.id,
        summary: 'admin added a webhook to https://hooks.example.com/in for request.expired',
      },
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('whsec_');
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    const { t } = await setup();
    const admin = await t.asAdmin();
    for (const url of [
      'file:///etc/passwd',
      'https://user:pw@example.com/x',
      'not a url',
      'javascript:alert(1)',
    ]) {
      const res = await t.call('POST', '/webhooks', {
        cookie: admin,
        body: { url, events: ['request.created'] },
      });
      expect(res.status).toBe(422);
    }
  });
});

describe('users’ email', () => {
  it('is set by admins in the Users admin, validated, and shown in the list', async () => {
    const { t } = await setup();
    const admin = await t.asAdmin();
    const user = await t.userWithRole('reviewer');
    const bad = await t.call('PATCH', `/users/${user.id}`, {
      cookie: admin,
      body: { email: 'nope' },
    });
    expect(bad.status).toBe(422);
    const ok = await t.call('PATCH', `/users/${user.id}`, {
      cookie: admin,
      body: { email: 'set@example.com' },
    });
    expect(ok.status).toBe(200);
    const list = await t.call('GET', '/users', { cookie: admin });
    expect(list.body.items.find((u: { id: string }) => u.id === user.id).email).toBe(
      'set@example.com',
    );
    const mine = await t.call('GET', '/me/notifications', { cookie: user.cookie });
    expect(mine.body.email).toBe('set@example.com');
  });
});
