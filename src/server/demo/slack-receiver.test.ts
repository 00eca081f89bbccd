import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRealServer, type RealServer } from '../testing/real-server';
import { connectDemoSlack, demoSlack } from './demo-slack';
import { createSlackReceiver } from './slack-receiver';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The demo's wiring: the stand-in on its own port, the server posting to it, Slack connected. */
async function setup() {
  const receiver = createSlackReceiver({ ...demoSlack, user: { ...demoSlack.user } });
  const http: Server = createServer((req, res) => {
    if (!receiver.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise((resolve) => http.close(() => resolve())));
  const server: RealServer = await startRealServer({
    agentToken: 'cs_slack_demo_test_token',
    adminPassword: 'slack-demo-admin',
    notifications: { slackApiUrl: `${origin}/slack/api`, worker: { intervalMs: 50 } },
  });
  cleanups.push(() => server.close());
  receiver.connect({
    interactionsUrl: `${server.url}/api/v1/integrations/slack/interactions`,
    pageOrigin: origin,
  });
  await connectDemoSlack(server.admin);
  return { receiver, server, origin };
}

const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> <@U123> <!channel>';

describe('the demo Slack stand-in', () => {
  it('shows agent text escaped, and a click answers the request and updates the message', async () => {
    const { receiver, server, origin } = await setup();
    const run = await server.agent.createRun({ title: `Refund ${hostile}` });
    const request = await server.agent.ask(run.id, {
      kind: 'tool',
      tool: 'refund_order',
      input: { note: hostile },
    });
    const message = await until(() => receiver.messages[0], 'the posted message');

    const page = await (await fetch(`${origin}/slack`)).text();
    expect(page).toContain('Refund &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>alert');
    const feed = await (await fetch(`${origin}/slack/feed`)).text();
    expect(feed).toContain(`data-value="${request.id}:approve"`);

    const click = (headers: Record<string, string>) =>
      fetch(`${origin}/slack/click`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ ts: message.ts, value: `${request.id}:approve` }),
      });
    expect((await click({ Origin: 'https://elsewhere.example' })).status).toBe(403);
    expect((await click({ Origin: origin })).status).toBe(200);

    const settled = await server.agent.waitForAnswer(request, { timeoutMs: 10_000 });
    expect(settled).toMatchObject({ status: 'answered', answeredBy: 'admin' });
    await until(() => (message.edited ? true : undefined), 'the message update');
    const updated = await (await fetch(`${origin}/slack/feed`)).text();
    expect(updated).toContain('(edited)');
    expect(updated).not.toContain(`data-value="${request.id}:approve"`);
  });

  it('answers the Web API as Slack does: bot token checked, unknown messages refused', async () => {
    const { origin } = await setup();
    const call = (method: string, body: unknown, token = demoSlack.botToken) =>
      fetch(`${origin}/slack/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    expect(
      await call('chat.postMessage', { channel: demoSlack.channel, text: 'hi' }, 'xoxb-no'),
    ).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await call('chat.update', { channel: demoSlack.channel, ts: '1.1', text: 'x' })).toEqual(
      { ok: false, error: 'message_not_found' },
    );
    expect(await call('users.info', { user: demoSlack.user.id })).toMatchObject({
      ok: true,
      user: { profile: { email: demoSlack.user.email } },
    });
  });
});
