import { afterEach, describe, expect, it } from 'vitest';
import { startSlackFake } from '../../../../../test/fakes/slack';
import { EventBus } from '../../../events/bus';
import { createLogger } from '../../../lib/logger';
import { ephemeralSecretBox } from '../../../lib/secret-box';
import { createTestApp, toolRequest } from '../../../testing/test-app';
import { startNotificationWorker } from '../../../workers/notification-worker';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const slack = await startSlackFake({ botToken: 'xoxb-good' });
  cleanups.push(() => slack.close());
  const secrets = ephemeralSecretBox();
  const t = await createTestApp({ connectors: { secrets, http: fetch }, slackApiUrl: slack.url });
  cleanups.push(() => t.close());
  const worker = startNotificationWorker(
    {
      db: t.db,
      bus: new EventBus(),
      now: t.now,
      logger: createLogger('silent'),
      secrets,
      http: fetch,
      config: { publicUrl: 'https://cs.example.com', slackApiUrl: slack.url },
    },
    { intervalMs: 60_000, backoff: { baseMs: 10, maxMs: 10 } },
  );
  cleanups.push(() => worker.stop());
  const cookie = await t.asAdmin();
  await t.call('PUT', '/integrations/slack', {
    cookie,
    body: { botToken: 'xoxb-good', signingSecret: 's', channel: 'C0APPROVALS' },
  });
  return { t, slack, worker, cookie };
}

const allText = (value: unknown) => JSON.stringify(value);

describe('the Slack channel', () => {
  it('posts a new tool request with escaped agent text and its buttons, then updates it when answered in the app', async () => {
    const { t, slack, worker, cookie } = await setup();
    const run = await t.createRun({ title: 'Refund <!channel> <https://evil.example|click>' });
    const request = await t.createRequest(
      run.id,
      toolRequest({ tool: 'refund_order', input: { note: '<@U123> & <!here>' } }),
    );
    await worker.runOnce();
    expect(slack.messages).toHaveLength(1);
    const posted = slack.messages[0]!;
    expect(posted.channel).toBe('C0APPROVALS');
    // mrkdwn text is escaped; agent text in blocks is plain_text, which Slack never parses.
    expect(posted.text).toContain('&lt;!channel&gt;');
    expect(posted.text).not.toContain('<!channel>');
    for (const block of posted.blocks as { type: string; text?: { type: string } }[]) {
      if (block.text) expect(block.text.type).toBe('plain_text');
    }
    const actions = (
      posted.blocks as { type: string; elements?: { text: { text: string }; url?: string }[] }[]
    ).find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.text.text)).toEqual([
      'Approve',
      'Deny',
      'Open in Countersign',
    ]);
    expect(actions?.elements?.[2]?.url).toBe(`https://cs.example.com/runs/${run.id}`);
    const rows = await t.db.selectFrom('slack_messages').selectAll().execute();
    expect(rows).toMatchObject([{ request_id: request.id, channel: 'C0APPROVALS', ts: posted.ts }]);

    const answered = await t.call('POST', `/requests/${request.id}/response`, {
      cookie,
      body: { decision: 'approve' },
    });
    expect(answered.status).toBe(200);
    await worker.runOnce();
    expect(posted.updates).toHaveLength(1);
    expect(posted.updates[0]?.text).toContain('Approved by admin');
    expect(allText(posted.updates[0]?.blocks)).not.toContain('"actions"');
  });

  it('honours 429 Retry-After from Slack', async () => {
    const { t, slack, worker } = await setup();
    slack.rateLimit(30);
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    expect(slack.messages).toHaveLength(0);
    slack.rateLimit(null);
    t.advanceClock(29_000);
    await worker.runOnce();
    expect(slack.messages).toHaveLength(0);
    t.advanceClock(1_100);
    await worker.runOnce();
    expect(slack.messages).toHaveLength(1);
  });

  it('posts nothing when Slack is not connected', async () => {
    const { t, slack, worker, cookie } = await setup();
    await t.call('DELETE', '/integrations/slack', { cookie });
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    await worker.runOnce();
    expect(slack.calls).toHaveLength(0);
  });

  describe('when an attempt dies after Slack took the message', () => {
    async function postedThenCrashed(keepTs: boolean) {
      const { t, slack, worker } = await setup();
      const run = await t.createRun();
      const request = await t.createRequest(run.id, toolRequest());
      await worker.runOnce();
      expect(slack.messages).toHaveLength(1);
      // As if the process died after chat.postMessage: the job is left claimed (attempt 1 counted)
      // and, unless `keepTs`, the message's ts was never saved.
      if (!keepTs) await t.db.deleteFrom('slack_messages').execute();
      await t.db
        .updateTable('notification_jobs')
        .set({
          status: 'pending',
          locked_until: null,
          lease_token: null,
          finished_at: null,
          next_attempt_at: new Date(0).toISOString(),
        })
        .where('channel', '=', 'slack')
        .execute();
      return { t, slack, worker, request };
    }

    it('finds the message by its metadata in the channel history instead of posting it again', async () => {
      const { t, slack, worker, request } = await postedThenCrashed(false);
      await worker.runOnce();
      expect(slack.messages).toHaveLength(1);
      expect(slack.calls.map((c) => c.path)).toEqual([
        '/chat.postMessage',
        '/conversations.history',
      ]);
      const rows = await t.db.selectFrom('slack_messages').selectAll().execute();
      expect(rows).toMatchObject([{ request_id: request.id, ts: slack.messages[0]!.ts }]);
    });

    it('does not post again when the ts was saved', async () => {
      const { slack, worker } = await postedThenCrashed(true);
      await worker.runOnce();
      expect(slack.messages).toHaveLength(1);
      expect(slack.calls.map((c) => c.path)).toEqual(['/chat.postMessage']);
    });

    it('posts again when the history cannot be read: twice rather than never', async () => {
      const { t, slack, worker } = await postedThenCrashed(false);
      slack.failHistory('missing_scope');
      await worker.runOnce();
      expect(slack.messages).toHaveLength(2);
      expect(await t.db.selectFrom('slack_messages').selectAll().execute()).toHaveLength(1);
    });
  });
});
