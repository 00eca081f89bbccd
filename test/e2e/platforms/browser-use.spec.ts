import { startBrowserUseFake, type BrowserUseFake } from '../../fakes/browser-use';
import { button, expect, signIn, test as base, uniqueTitle } from '../fixtures';
import { expectDelivered, openFromInbox, openLiveInbox } from './platform-steps';

const apiKey = 'bu_e2e_key';
const webhookSecret = 'bu_e2e_webhook_secret';

const test = base.extend<{ browserUse: BrowserUseFake }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  browserUse: async ({}, use) => {
    const fake = await startBrowserUseFake({ apiKey, webhookSecret });
    await use(fake);
    await fake.close();
  },
});

/** A kept-alive session whose task has ended: Browser Use now waits for a person. */
function sessionWaitingForAPerson(fake: BrowserUseFake, task: string) {
  const session = fake.createSession({ keepAlive: true });
  const first = fake.runTask(session.id, task, { customer: 'cust_42' });
  fake.endTask(first.id, 'finished', 'The site asks for a login I do not have.');
  return { session, task: first };
}

test('Browser Use: a session announced by webhook is handed back with a follow-up task, once', async ({
  page,
  connect,
  browserUse,
}) => {
  const source = await connect({
    kind: 'browser-use',
    name: 'Browser Use',
    baseUrl: browserUse.baseUrl,
    secrets: { apiKey, webhookSecret },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const title = uniqueTitle('Book a table for two');
  const { session, task } = sessionWaitingForAPerson(browserUse, title);
  expect((await browserUse.sendStatusUpdate(source.hookUrl, task.id)).status).toBe(200);

  const runPath = await openFromInbox(page, title);
  await expect(page.getByText('The site asks for a login I do not have.').first()).toBeVisible();
  await page.getByRole('textbox', { name: /follow-up/i }).fill('I logged in. Finish the booking.');
  await button(page, 'Hand back to agent').click();

  await expectDelivered(page, runPath);
  expect(browserUse.taskCalls().map((c) => c.body)).toEqual([
    { task: 'I logged in. Finish the booking.', sessionId: session.id },
  ]);
  expect(session.tasks.map((t) => t.task)).toEqual([title, 'I logged in. Finish the booking.']);
});

test('Browser Use: a session found only by polling is stopped from the card, once', async ({
  page,
  connect,
  browserUse,
}) => {
  await connect({
    kind: 'browser-use',
    name: 'Browser Use polled',
    baseUrl: browserUse.baseUrl,
    secrets: { apiKey },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const title = uniqueTitle('Renew the parking permit');
  const { session } = sessionWaitingForAPerson(browserUse, title);

  const runPath = await openFromInbox(page, title);
  await button(page, 'Stop run').click();
  await button(page.getByRole('dialog', { name: 'Stop this run?' }), 'Stop run').click();

  await expectDelivered(page, runPath);
  expect(browserUse.taskCalls()).toEqual([]);
  const writes = browserUse.calls.filter((c) => c.method !== 'GET');
  expect(writes.map((c) => [c.method, c.path, c.body])).toEqual([
    ['PATCH', `/api/v2/sessions/${session.id}`, { action: 'stop' }],
  ]);
});
