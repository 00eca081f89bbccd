import { createAgentClient } from '../../src/shared/agent-client';
import { signSlackInteraction, startSlackFake, type SlackFake } from '../fakes/slack';
import { agentToken, startE2eServer, type E2eServer } from './e2e-server';
import { test as base, button, expect, signIn, uniqueTitle } from './fixtures';

const signingSecret = 'e2e-slack-signing-secret';
const botToken = 'xoxb-e2e';

type SlackFixtures = { slack: SlackFake; slackServer: E2eServer };

/** Its own server, whose notifications go to a fake Slack Web API running in this process. */
const test = base.extend<SlackFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  slack: async ({}, use) => {
    const slack = await startSlackFake({
      botToken,
      users: [{ id: 'URITA', email: 'rita@example.com' }],
    });
    await use(slack);
    await slack.close();
  },
  slackServer: async ({ slack }, use) => {
    const server = await startE2eServer({
      notifications: { slackApiUrl: slack.url, worker: { intervalMs: 100 } },
    });
    await server.admin.json('PUT', '/integrations/slack', {
      botToken,
      signingSecret,
      channel: 'C0APPROVALS',
    });
    const users = await server.admin.json<{ items: { id: string; username: string }[] }>(
      'GET',
      '/users',
    );
    const rita = users.items.find((u) => u.username === 'rita');
    if (!rita) throw new Error('no rita');
    await server.admin.json('PATCH', `/users/${rita.id}`, { email: 'rita@example.com' });
    await use(server);
    await server.close();
  },
  baseURL: async ({ slackServer }, use) => use(slackServer.url),
});

test('a Slack click answers the waiting agent and closes the web card; an answer in the app updates the Slack message', async ({
  page,
  slack,
  slackServer,
}) => {
  // This test starts its own server (with Slack connected) besides driving the browser.
  test.setTimeout(60_000);
  const agent = createAgentClient({ baseUrl: slackServer.url, token: agentToken });
  const run = await agent.createRun({ title: uniqueTitle('Slack refund') });
  const first = await agent.ask(run.id, {
    kind: 'tool',
    tool: 'refund_order',
    input: { amount: 240 },
  });
  const waiting = agent.getRequest(first.id, { wait: 25 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(button(page, 'Approve')).toBeEnabled();

  await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBe(1);
  const posted = slack.messages[0]!;
  const actions = posted.blocks.find(
    (b): b is { type: 'actions'; elements: { action_id: string; value?: string }[] } =>
      (b as { type?: string }).type === 'actions',
  );
  const approve = actions?.elements.find((e) => e.action_id === 'countersign_approve');
  expect(approve?.value).toBe(`${first.id}:approve`);

  const signed = signSlackInteraction(signingSecret, {
    type: 'block_actions',
    user: { id: 'URITA' },
    channel: { id: posted.channel },
    message: { ts: posted.ts },
    trigger_id: 'trigger-1',
    actions: [{ action_id: 'countersign_approve', value: approve?.value }],
  });
  const clicked = await fetch(`${slackServer.url}/api/v1/integrations/slack/interactions`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  expect(clicked.status).toBe(200);

  const answered = await waiting;
  expect(answered.status).toBe('answered');
  expect(answered.answeredBy).toBe('rita');
  expect(answered.response).toEqual({ decision: 'approve' });
  // The page learns of it from its event stream, without a reload.
  await expect(button(page, 'Approve')).toHaveCount(0);
  await expect(page.getByText(/\brita\b/).first()).toBeVisible();

  // The second request is answered in the app: its Slack message says who answered.
  const second = await agent.ask(run.id, {
    kind: 'tool',
    tool: 'refund_order',
    input: { amount: 5 },
  });
  await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBe(2);
  await page.reload();
  await expect(button(page, 'Deny')).toBeEnabled();
  await button(page, 'Deny').click();
  const denied = await agent.waitForAnswer(second, { timeoutMs: 10_000 });
  expect(denied.response).toMatchObject({ decision: 'deny' });
  await expect
    .poll(() => slack.messages[1]!.updates.map((u) => u.text), { timeout: 10_000 })
    .toEqual([expect.stringContaining('Denied by rita')]);
  expect(JSON.stringify(slack.messages[1]!.updates[0]!.blocks)).not.toContain('countersign_deny');
});
