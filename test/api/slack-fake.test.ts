import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signSlackInteraction, startSlackFake, type SlackFake } from '../fakes/slack';

let fake: SlackFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const call = (url: string, method: string, body: string, headers: Record<string, string>) =>
  fetch(`${url}/${method}`, { method: 'POST', body, headers }).then(async (res) => ({
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  }));

describe('the fake Slack Web API', () => {
  it('posts and updates a message from JSON and form bodies with the bot token', async () => {
    fake = await startSlackFake({ botToken: 'xoxb-1' });
    const auth = { Authorization: 'Bearer xoxb-1' };
    const posted = await call(
      fake.url,
      'chat.postMessage',
      JSON.stringify({ channel: 'C1', text: 'hi' }),
      {
        ...auth,
        'Content-Type': 'application/json; charset=utf-8',
      },
    );
    expect(posted.body).toMatchObject({ ok: true, channel: 'C1' });
    const form = new URLSearchParams({
      channel: 'C1',
      ts: String(posted.body.ts),
      text: 'done',
      blocks: '[]',
    });
    const updated = await call(fake.url, 'chat.update', form.toString(), {
      ...auth,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(updated.body.ok).toBe(true);
    expect(fake.messages[0]?.updates).toEqual([{ text: 'done', blocks: [] }]);
  });

  it("answers Slack's error shapes and 429 with Retry-After", async () => {
    fake = await startSlackFake({
      botToken: 'xoxb-1',
      users: [{ id: 'U1', email: 'a@example.com' }],
    });
    const json = { 'Content-Type': 'application/json' };
    const wrong = await call(fake.url, 'chat.postMessage', '{"channel":"C1","text":"x"}', {
      ...json,
      Authorization: 'Bearer xoxb-2',
    });
    expect(wrong).toMatchObject({ status: 200, body: { ok: false, error: 'invalid_auth' } });
    const info = await call(fake.url, 'users.info', '{"user":"U1"}', {
      ...json,
      Authorization: 'Bearer xoxb-1',
    });
    expect(info.body).toMatchObject({ ok: true, user: { profile: { email: 'a@example.com' } } });
    fake.rateLimit(7);
    const limited = await call(fake.url, 'users.info', '{"user":"U1"}', {
      ...json,
      Authorization: 'Bearer xoxb-1',
    });
    expect(limited).toMatchObject({
      status: 429,
      retryAfter: '7',
      body: { ok: false, error: 'ratelimited' },
    });
  });

  it('signs an interaction as Slack documents it', () => {
    const signed = signSlackInteraction('secret', { type: 'block_actions' }, 1_531_420_618);
    expect(signed.body).toBe(`payload=${encodeURIComponent('{"type":"block_actions"}')}`);
    const expected = createHmac('sha256', 'secret')
      .update(`v0:1531420618:${signed.body}`)
      .digest('hex');
    expect(signed.headers['X-Slack-Signature']).toBe(`v0=${expected}`);
  });
});
