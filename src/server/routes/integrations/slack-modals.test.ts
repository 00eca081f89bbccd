import { afterEach, describe, expect, it } from 'vitest';
import { signSlackInteraction, startSlackFake } from '../../../../test/fakes/slack';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { createTestApp } from '../../testing/test-app';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const signingSecret = 'slack-signing-secret';
const hostile = '<!channel> <https://evil.example|click> *bold*';

async function setup() {
  const slack = await startSlackFake({
    botToken: 'xoxb-good',
    users: [
      { id: 'UREVIEWER', email: 'rev@example.com' },
      { id: 'UVIEWER', email: 'viewer@example.com' },
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
  for (const [role, email] of [
    ['reviewer', 'rev@example.com'],
    ['viewer', 'viewer@example.com'],
  ] as const) {
    const user = await t.userWithRole(role);
    await t.db.updateTable('users').set({ email }).where('id', '=', user.id).execute();
  }
  const run = await t.createRun({ title: hostile });
  return { t, slack, run, admin };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function post(t: Setup['t'], payload: unknown, sign = signSlackInteraction) {
  const signed = sign(signingSecret, payload);
  return t.call('POST', '/integrations/slack/interactions', {
    rawBody: signed.body,
    headers: signed.headers,
  });
}

const click = (requestId: string, decision: string, user = 'UREVIEWER') => ({
  type: 'block_actions',
  user: { id: user },
  channel: { id: 'C0APPROVALS' },
  trigger_id: `trigger-${decision}`,
  actions: [{ action_id: `countersign_${decision}`, value: `${requestId}:${decision}` }],
});

const submit = (
  callback: string,
  requestId: string,
  values: Record<string, unknown>,
  user = 'UREVIEWER',
) => ({
  type: 'view_submission',
  user: { id: user },
  view: {
    id: 'V1',
    callback_id: `countersign_${callback}`,
    private_metadata: requestId,
    state: { values },
  },
});

const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const option = (index: number) => ({
  value: { type: 'radio_buttons', selected_option: { value: String(index) } },
});

async function until<T>(read: () => T, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100 && !ok(read()); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return read();
}

async function requestRow(t: Setup['t'], id: string) {
  return t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

type View = { callback_id: string; private_metadata: string; blocks: Record<string, unknown>[] };

describe('Slack modals', () => {
  it('Request changes opens a feedback modal and its submission revises the plan', async () => {
    const { t, slack, run } = await setup();
    const request = await t.createRequest(run.id, { kind: 'plan', plan: '1. Refund\n2. Email' });
    expect((await post(t, click(request.id, 'revise'))).status).toBe(200);
    await until(
      () => slack.views.length,
      (n) => n >= 1,
    );
    expect(slack.views[0]?.trigger_id).toBe('trigger-revise');
    const view = slack.views[0]?.view as View;
    expect(view).toMatchObject({ callback_id: 'countersign_revise', private_metadata: request.id });
    expect(view.blocks[1]).toMatchObject({
      type: 'input',
      block_id: 'feedback',
      element: { type: 'plain_text_input', multiline: true },
    });
    // Agent text goes in as plain_text, which Slack never parses for mentions or links.
    expect(view.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'plain_text', text: hostile },
    });

    const res = await post(
      t,
      submit('revise', request.id, { feedback: text('  Ask before emailing  ') }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    const row = await requestRow(t, request.id);
    expect(row.status).toBe('answered');
    expect(JSON.parse(row.response ?? '{}')).toEqual({
      decision: 'revise',
      feedback: 'Ask before emailing',
    });
  });

  it('Send back without a note returns field errors and changes nothing; with one it answers', async () => {
    const { t, run } = await setup();
    const request = await t.createRequest(run.id, { kind: 'review', output: 'Draft reply' });
    const empty = await post(t, submit('reject', request.id, { feedback: text('   ') }));
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      response_action: 'errors',
      errors: { feedback: expect.any(String) },
    });
    expect((await requestRow(t, request.id)).status).toBe('pending');

    const sent = await post(t, submit('reject', request.id, { feedback: text('Too curt') }));
    expect(sent.body).toBeNull();
    expect(JSON.parse((await requestRow(t, request.id)).response ?? '{}')).toEqual({
      decision: 'reject',
      feedback: 'Too curt',
    });
  });

  it('questions open as radio buttons, a select, free text and an own answer, and map back to the options', async () => {
    const { t, slack, run } = await setup();
    const many = Array.from({ length: 12 }, (_, i) => `Region ${i} ${'x'.repeat(90)}`);
    const request = await t.createRequest(run.id, {
      kind: 'questions',
      questions: [
        { id: 'size', text: `Which size? ${hostile}`, options: ['S', 'M', 'L'], allowOther: false },
        { id: 'region', text: 'Which region?', options: many, allowOther: false },
        { id: 'why', text: 'Why?' },
        { id: 'colour', text: 'Colour?', options: ['Red', 'Blue'] },
      ],
    });
    await post(t, click(request.id, 'answer'));
    await until(
      () => slack.views.length,
      (n) => n >= 1,
    );
    const view = slack.views[0]?.view as View;
    const blocks = view.blocks.slice(1) as {
      block_id: string;
      optional?: boolean;
      label: { text: string };
      element: { type: string; options?: { text: { text: string }; value: string }[] };
    }[];
    expect(blocks.map((b) => [b.block_id, b.element.type, b.optional ?? false])).toEqual([
      ['q0', 'radio_buttons', false],
      ['q1', 'static_select', false],
      ['q2', 'plain_text_input', false],
      ['q3', 'radio_buttons', true],
      ['q3-other', 'plain_text_input', true],
    ]);
    expect(blocks[0]?.label).toEqual({ type: 'plain_text', text: `Which size? ${hostile}` });
    expect(blocks[1]?.element.options?.every((o) => o.text.text.length <= 75)).toBe(true);

    const both = await post(
      t,
      submit('answer', request.id, {
        q0: option(2),
        q1: { value: { type: 'static_select', selected_option: { value: '11' } } },
        q2: text('Because'),
        q3: option(0),
        'q3-other': text('Green'),
      }),
    );
    expect(both.body).toMatchObject({
      response_action: 'errors',
      errors: { q3: expect.any(String) },
    });
    const missing = await post(t, submit('answer', request.id, { q0: option(7) }));
    expect(Object.keys((missing.body as { errors: object }).errors).sort()).toEqual([
      'q0',
      'q1',
      'q2',
      'q3',
    ]);
    expect((await requestRow(t, request.id)).status).toBe('pending');

    const ok = await post(
      t,
      submit('answer', request.id, {
        q0: option(2),
        q1: { value: { type: 'static_select', selected_option: { value: '11' } } },
        q2: text('Because'),
        'q3-other': text('Green'),
      }),
    );
    expect(ok.body).toBeNull();
    expect(JSON.parse((await requestRow(t, request.id)).response ?? '{}')).toEqual({
      answers: [
        { questionId: 'size', value: 'L' },
        { questionId: 'region', value: many[11] },
        { questionId: 'why', value: 'Because' },
        { questionId: 'colour', value: 'Green' },
      ],
    });
  });

  it('a forged or stale signature on a submission is 401 and changes nothing', async () => {
    const { t, run } = await setup();
    const request = await t.createRequest(run.id, { kind: 'plan', plan: 'Refund' });
    const payload = submit('revise', request.id, { feedback: text('No') });
    const forged = await post(t, payload, (_secret, p) => signSlackInteraction('wrong', p));
    const stale = await post(t, payload, (secret, p) =>
      signSlackInteraction(secret, p, Math.floor(Date.now() / 1000) - 301),
    );
    for (const res of [forged, stale]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await requestRow(t, request.id)).status).toBe('pending');
  });

  it('a user who may not answer, or metadata naming another kind of request, gets a notice and nothing changes', async () => {
    const { t, slack, run } = await setup();
    const plan = await t.createRequest(run.id, { kind: 'plan', plan: 'Refund' });
    const tool = await t.createRequest(run.id, { kind: 'tool', tool: 'refund', input: {} });
    const byViewer = await post(t, submit('revise', plan.id, { feedback: text('No') }, 'UVIEWER'));
    expect(byViewer.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(byViewer.body)).toContain('You may not answer');
    const byStranger = await post(
      t,
      submit('revise', plan.id, { feedback: text('No') }, 'UNOBODY'),
    );
    expect(JSON.stringify(byStranger.body)).toContain('does not know your Slack email');
    // A revise form pointed at a tool call must not become an answer to it.
    const wrongKind = await post(t, submit('revise', tool.id, { feedback: text('No') }));
    expect(wrongKind.body).toMatchObject({ response_action: 'update' });
    const unknownForm = await post(t, submit('approve', plan.id, {}));
    expect(JSON.stringify(unknownForm.body)).toContain('does not know this form');
    expect((await requestRow(t, plan.id)).status).toBe('pending');
    expect((await requestRow(t, tool.id)).status).toBe('pending');

    // The viewer's button click opens nothing.
    await post(t, click(plan.id, 'revise', 'UVIEWER'));
    await until(
      () => slack.ephemerals.length,
      (n) => n >= 1,
    );
    expect(slack.views).toHaveLength(0);
  });

  it('a submission that loses to an answer in the app says who answered', async () => {
    const { t, slack, run, admin } = await setup();
    const request = await t.createRequest(run.id, { kind: 'plan', plan: 'Refund' });
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: admin,
      body: { decision: 'approve' },
    });
    const res = await post(t, submit('revise', request.id, { feedback: text('Wait') }));
    expect(res.body).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(JSON.stringify(res.body)).toContain('admin already answered');
    expect(JSON.parse((await requestRow(t, request.id)).response ?? '{}')).toEqual({
      decision: 'approve',
    });
    // A click on the button of an answered request opens no modal either.
    await post(t, click(request.id, 'revise'));
    await until(
      () => slack.ephemerals.length,
      (n) => n >= 1,
    );
    expect(slack.ephemerals[0]?.text).toContain('admin already answered');
    expect(slack.views).toHaveLength(0);
  });

  it('a modal Slack cannot open any more is said in an ephemeral message', async () => {
    const { t, slack, run } = await setup();
    const request = await t.createRequest(run.id, { kind: 'review', output: 'Draft' });
    slack.expireTriggers(true);
    await post(t, click(request.id, 'reject'));
    await until(
      () => slack.ephemerals.length,
      (n) => n >= 1,
    );
    expect(slack.ephemerals[0]?.text).toContain('answer in Countersign instead');
    expect((await requestRow(t, request.id)).status).toBe('pending');
  });

  it("hostile or malformed submissions are answered in Slack's shape, never with a 500", async () => {
    const { t, run } = await setup();
    const request = await t.createRequest(run.id, {
      kind: 'questions',
      questions: [{ id: 'size', text: 'Size?', options: ['S', 'M'], allowOther: false }],
    });
    const attempts: unknown[] = [
      submit('answer', request.id, JSON.parse('{"__proto__":{"value":{"value":"x"}}}')),
      submit('answer', request.id, { q0: { value: { selected_option: { value: '__proto__' } } } }),
      submit('answer', request.id, { q0: { value: { selected_option: { value: '999' } } } }),
      submit('answer', request.id, { q0: ['not', 'an', 'object'] }),
      { ...submit('answer', request.id, {}), view: { callback_id: 'countersign_answer' } },
      { type: 'view_submission', user: { id: 'UREVIEWER' }, view: null },
      submit('answer', 'req_does_not_exist', { q0: option(0) }),
    ];
    for (const payload of attempts) {
      const res = await post(t, payload);
      expect(res.status).toBe(200);
    }
    expect((await requestRow(t, request.id)).status).toBe('pending');
  });
});
