import { startAnchorFake, type AnchorFake } from '../../fakes/anchor';
import { button, expect, signIn, test as base } from '../fixtures';
import { expectDelivered, openFromInbox, openLiveInbox } from './platform-steps';

const apiKey = 'sk-anchor-e2e';
const webhookSecret = 'whsec_anchor_e2e';

const test = base.extend<{ anchor: AnchorFake }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  anchor: async ({}, use) => {
    const fake = await startAnchorFake({ apiKey, webhookSecret });
    await use(fake);
    await fake.close();
  },
});

const sessionTitle = (sessionId: string) => `Anchor session ${sessionId.slice(0, 8)}`;
const respondPath = (sessionId: string) =>
  `/v1/sessions/${sessionId}/agent/respond-to-human-intervention`;

test('Anchor: an intervention with fields announced by webhook is filled in and reaches respond once', async ({
  page,
  connect,
  anchor,
}) => {
  const source = await connect({
    kind: 'anchor',
    name: 'Anchor',
    baseUrl: anchor.url,
    secrets: { apiKey, webhookSecret },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const session = anchor.startSession();
  const item = anchor.requestIntervention(session.id, 'The bank asks for a code', [
    { name: 'code', label: 'Verification code', required: true },
    { name: 'note', label: 'Note for the agent', required: false, defaultValue: 'none' },
  ]);
  expect((await anchor.sendInterventionRequested(source.hookUrl, session.id)).status).toBe(200);

  const runPath = await openFromInbox(page, sessionTitle(session.id));
  await expect(page.getByText('The bank asks for a code').first()).toBeVisible();
  await expect(page.getByLabel('Note for the agent')).toHaveValue('none');
  await page.getByLabel('Verification code').fill('481516');
  await button(page, 'Send').click();

  await expectDelivered(page, runPath);
  expect(anchor.calls.filter((c) => c.path === respondPath(session.id)).map((c) => c.body)).toEqual(
    [{ requestId: item.requestId, response: JSON.stringify({ code: '481516', note: 'none' }) }],
  );
  expect(item.status).toBe('resolved');
});

test('Anchor: a text intervention found only by polling is answered and reaches respond once', async ({
  page,
  connect,
  anchor,
}) => {
  await connect({
    kind: 'anchor',
    name: 'Anchor polled',
    baseUrl: anchor.url,
    secrets: { apiKey },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const session = anchor.startSession();
  const item = anchor.requestIntervention(
    session.id,
    'Which of the two invoices is the right one?',
  );

  const runPath = await openFromInbox(page, sessionTitle(session.id));
  await expect(page.getByText('Which of the two invoices is the right one?').first()).toBeVisible();
  await page.getByRole('textbox').fill('The March one');
  await button(page, 'Send').click();

  await expectDelivered(page, runPath);
  expect(anchor.calls.filter((c) => c.path === respondPath(session.id)).map((c) => c.body)).toEqual(
    [{ requestId: item.requestId, response: 'The March one' }],
  );
});

test('Anchor: a paused agent found by polling is a takeover; Hand back to agent resumes it once', async ({
  page,
  connect,
  anchor,
}) => {
  await connect({
    kind: 'anchor',
    name: 'Anchor paused',
    baseUrl: anchor.url,
    secrets: { apiKey },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const session = anchor.startSession();
  anchor.pause(session.id);

  const runPath = await openFromInbox(page, sessionTitle(session.id));
  await button(page, 'Hand back to agent').click();

  await expectDelivered(page, runPath);
  expect(anchor.callsTo('POST', `/v1/sessions/${session.id}/agent/resume`)).toHaveLength(1);
  expect(anchor.callsTo('DELETE', `/v1/sessions/${session.id}`)).toHaveLength(0);
  expect(session.agentStatus).toBe('running');
});
