import { afterEach, describe, expect, it } from 'vitest';
import { signSlackInteraction, startSlackFake } from '../../../../test/fakes/slack';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { createTestApp, toolRequest } from '../../testing/test-app';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const signingSecret = 'slack-signing-secret';

async function setup() {
  const slack = await startSlackFake({
    botToken: 'xoxb-good',
    users: [
      { id: 'UREVIEWER', email: 'Rev@Example.com' },
      { id: 'UVIEWER', email: 'viewer@example.com' },
      { id: 'USTRANGER', email: 'nobody@example.com' },
    ],
  });
  cleanups.push(() => slack.close());
  const t = await createTestApp({
    connectors: { secrets: ephemeralSecretBox(), http: fetch },
    slackApiUrl: slack.url,
  });
  cleanups.push(() => t.close());
  const admin = await t.asAdmin();
  await t.call('PUT', '/integrations/slack', {
    cookie: admin,
    body: { botToken: 'xoxb-good', signingSecret, channel: 'C0APPROVALS' },
  });
  const reviewer = await t.userWithRole('reviewer');
  await t.db
    .updateTable('users')
    .set({ email: 'rev@example.com' })
    .where('id', '=', reviewer.id)
    .execute();
  const viewer = await t.userWithRole('viewer');
  await t.db
    .updateTable('users')
    .set({ email: 'viewer@example.com' })
    .where('id', '=', viewer.id)
    .execute();
  const run = await t.createRun();
  const request = await t.createRequest(run.id, toolRequest());
  return { t, slack, request, reviewer, admin };
}

const click = (slackUser: string, requestId: string, decision: string) => ({
  type: 'block_actions',
  user: { id: slackUser },
  channel: { id: 'C0APPROVALS' },
  actions: [{ action_id: `countersign_${decision}`, value: `${requestId}:${decision}` }],
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return read();
}

describe('Slack interactions', () => {
  it('a signed click by a reviewer answers the request as that user', async () => {
    const { t, request, reviewer } = await setup();
    const signed = signSlackInteraction(signingSecret, click('UREVIEWER', request.id, 'approve'));
    const res = await t.call('POST', '/integrations/slack/interactions', {
      rawBody: signed.body,
      headers: signed.headers,
    });
    expect(res.status).toBe(200);
    const row = await until(
      () =>
        t.db
          .selectFrom('requests')
          .selectAll()
          .where('id', '=', request.id)
          .executeTakeFirstOrThrow(),
      (r) => r.status !== 'pending',
    );
    expect(row.status).toBe('answered');
    expect(row.answered_by).toBe(reviewer.username);
    expect(JSON.parse(row.response ?? '{}')).toMatchObject({ decision: 'approve' });
  });

  it('a wrong, stale or missing signature is 401 and changes nothing', async () => {
    const { t, request, slack } = await setup();
    const payload = click('UREVIEWER', request.id, 'approve');
    const wrong = signSlackInteraction('not-the-secret', payload);
    const stale = signSlackInteraction(signingSecret, payload, Math.floor(Date.now() / 1000) - 301);
    const good = signSlackInteraction(signingSecret, payload);
    const tampered = { body: good.body.replace('approve', 'deny'), headers: good.headers };
    const unsigned = { body: good.body, headers: { 'Content-Type': good.headers['Content-Type'] } };
    for (const attempt of [wrong, stale, tampered, unsigned]) {
      const res = await t.call('POST', '/integrations/slack/interactions', {
        rawBody: attempt.body,
        headers: attempt.headers,
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const row = await t.db
      .selectFrom('requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(slack.calls).toHaveLength(0);
  });

  it('an unknown Slack user or one who may not answer gets an ephemeral refusal', async () => {
    const { t, request, slack } = await setup();
    for (const user of ['USTRANGER', 'UVIEWER']) {
      const signed = signSlackInteraction(signingSecret, click(user, request.id, 'approve'));
      await t.call('POST', '/integrations/slack/interactions', {
        rawBody: signed.body,
        headers: signed.headers,
      });
    }
    await until(
      async () => slack.ephemerals.length,
      (n) => n >= 2,
    );
    expect(slack.ephemerals.map((e) => e.user).sort()).toEqual(['USTRANGER', 'UVIEWER']);
    const row = await t.db
      .selectFrom('requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('a click that loses to an answer in the app is told who answered', async () => {
    const { t, request, slack, admin } = await setup();
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: admin,
      body: { decision: 'deny' },
    });
    const signed = signSlackInteraction(signingSecret, click('UREVIEWER', request.id, 'approve'));
    await t.call('POST', '/integrations/slack/interactions', {
      rawBody: signed.body,
      headers: signed.headers,
    });
    await until(
      async () => slack.ephemerals.length,
      (n) => n >= 1,
    );
    expect(slack.ephemerals[0]?.text).toContain('admin already answered');
    const row = await t.db
      .selectFrom('requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.response ?? '{}')).toMatchObject({ decision: 'deny' });
  });

  it('a click toward a countersigned call says how many approvals it has, and a second click that it counted already', async () => {
    const { t, slack, admin } = await setup();
    await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: null, tool: 'wire_money', effect: 'countersign', approvals: 2 },
    });
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest({ tool: 'wire_money' }));
    const expected = ['Your approval counts: 1 of 2', 'You already approved this request'];
    for (const [i, text] of expected.entries()) {
      const signed = signSlackInteraction(signingSecret, click('UREVIEWER', request.id, 'approve'));
      await t.call('POST', '/integrations/slack/interactions', {
        rawBody: signed.body,
        headers: signed.headers,
      });
      await until(
        async () => slack.ephemerals.length,
        (n) => n > i,
      );
      expect(slack.ephemerals[i]?.text).toContain(text);
    }
    const row = await t.db
      .selectFrom('requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });
});
