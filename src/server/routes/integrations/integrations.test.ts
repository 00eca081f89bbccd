import { afterEach, describe, expect, it } from 'vitest';
import { startSlackFake } from '../../../../test/fakes/slack';
import { EventBus } from '../../events/bus';
import { createLogger } from '../../lib/logger';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { createTestApp, toolRequest } from '../../testing/test-app';
import { startNotificationWorker } from '../../workers/notification-worker';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const connect = { botToken: 'xoxb-good', signingSecret: 'sign-secret-1', channel: 'C0APPROVALS' };

async function setup() {
  const slack = await startSlackFake({ botToken: 'xoxb-good' });
  cleanups.push(() => slack.close());
  const secrets = ephemeralSecretBox();
  const t = await createTestApp({ connectors: { secrets, http: fetch }, slackApiUrl: slack.url });
  cleanups.push(() => t.close());
  return { t, slack, secrets, cookie: await t.asAdmin() };
}

describe('Slack integration settings', () => {
  it('connects with write-only, sealed secrets, audits it, and disconnects', async () => {
    const { t, cookie } = await setup();
    expect((await t.call('GET', '/integrations/slack', { cookie })).body).toEqual({
      connected: false,
      channel: null,
      updatedAt: null,
      lastError: null,
    });
    const put = await t.call('PUT', '/integrations/slack', { cookie, body: connect });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ connected: true, channel: 'C0APPROVALS' });
    const got = await t.call('GET', '/integrations/slack', { cookie });
    expect(got.body).toMatchObject({ connected: true, channel: 'C0APPROVALS' });
    expect(JSON.stringify(got.body)).not.toMatch(/xoxb|sign-secret/);
    const row = await t.db.selectFrom('slack_integration').selectAll().executeTakeFirstOrThrow();
    expect(row.bot_token).not.toContain('xoxb-good');
    expect(row.signing_secret).not.toContain('sign-secret-1');

    expect((await t.call('DELETE', '/integrations/slack', { cookie })).status).toBe(204);
    expect((await t.call('GET', '/integrations/slack', { cookie })).body).toMatchObject({
      connected: false,
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'summary', 'data'])
      .where('action', 'in', ['slack.connected', 'slack.disconnected'])
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['slack.connected', 'slack.disconnected']);
    expect(JSON.stringify(audit)).not.toMatch(/xoxb|sign-secret/);
  });

  it('refuses a missing field in our error shape', async () => {
    const { t, cookie } = await setup();
    const res = await t.call('PUT', '/integrations/slack', {
      cookie,
      body: { botToken: 'xoxb-good', channel: 'C1' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'invalid' } });
  });

  it('Test posts a message to the channel with the bot token', async () => {
    const { t, slack, cookie } = await setup();
    await t.call('PUT', '/integrations/slack', { cookie, body: connect });
    const res = await t.call('POST', '/integrations/slack/test', { cookie });
    expect(res).toMatchObject({ status: 200, body: { ok: true, channel: 'C0APPROVALS' } });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]?.channel).toBe('C0APPROVALS');
    expect(slack.callsTo('POST', '/chat.postMessage')[0]?.headers.authorization).toBe(
      'Bearer xoxb-good',
    );
  });

  it("Test turns Slack's refusal into a clear error in our shape", async () => {
    const { t, slack, cookie } = await setup();
    await t.call('PUT', '/integrations/slack', {
      cookie,
      body: { ...connect, botToken: 'xoxb-revoked' },
    });
    const bad = await t.call('POST', '/integrations/slack/test', { cookie });
    expect(bad.status).toBe(502);
    expect(bad.body).toMatchObject({
      error: { code: 'unavailable', details: { slackError: 'invalid_auth' } },
    });
    expect((bad.body as { error: { message: string } }).error.message).toContain('invalid_auth');
    expect(JSON.stringify(bad.body)).not.toContain('xoxb-revoked');
    expect(slack.messages).toHaveLength(0);

    await t.call('PUT', '/integrations/slack', { cookie, body: connect });
    slack.setChannels(['C0OTHER']);
    const missing = await t.call('POST', '/integrations/slack/test', { cookie });
    expect(missing.body).toMatchObject({ error: { details: { slackError: 'channel_not_found' } } });
  });

  it('Test before connecting is a conflict', async () => {
    const { t, cookie } = await setup();
    const res = await t.call('POST', '/integrations/slack/test', { cookie });
    expect(res.status).toBe(409);
  });

  it('shows why the last post failed, until a later post succeeds', async () => {
    const { t, slack, secrets, cookie } = await setup();
    await t.call('PUT', '/integrations/slack', { cookie, body: connect });
    const worker = startNotificationWorker(
      {
        db: t.db,
        bus: new EventBus(),
        now: t.now,
        logger: createLogger('silent'),
        secrets,
        http: fetch,
        config: { slackApiUrl: slack.url },
      },
      { intervalMs: 60_000, backoff: { baseMs: 10, maxMs: 10 } },
    );
    cleanups.push(() => worker.stop());
    slack.setChannels(['C0OTHER']);
    const run = await t.createRun({ title: 'Refund' });
    await t.createRequest(run.id, toolRequest({ tool: 'refund_order', input: { amount: 1 } }));
    await worker.runOnce();
    const failing = await t.call('GET', '/integrations/slack', { cookie });
    expect(failing.body).toMatchObject({
      connected: true,
      lastError: { message: expect.stringContaining('channel_not_found'), willRetry: false },
    });

    slack.setChannels(['C0APPROVALS']);
    await t.createRequest(run.id, toolRequest({ tool: 'refund_order', input: { amount: 2 } }));
    await worker.runOnce();
    expect(slack.messages).toHaveLength(1);
    expect((await t.call('GET', '/integrations/slack', { cookie })).body).toMatchObject({
      lastError: null,
    });
  });
});
