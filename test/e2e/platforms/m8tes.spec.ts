import { startM8tesFake, type M8tesFake } from '../../fakes/m8tes';
import { button, expect, signIn, test as base, uniqueTitle } from '../fixtures';
import { expectDelivered, openFromInbox, openLiveInbox } from './platform-steps';

const apiKey = 'm8_e2e_key';
const webhookSecret = 'whsec_m8tes_e2e';

const test = base.extend<{ m8tes: M8tesFake }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  m8tes: async ({}, use) => {
    const fake = await startM8tesFake({ apiKey, webhookSecret });
    await use(fake);
    await fake.close();
  },
});

test('m8tes: a tool gate announced by webhook is approved in the browser and reaches /approve once', async ({
  page,
  connect,
  m8tes,
}) => {
  const source = await connect({
    kind: 'm8tes',
    name: 'm8tes',
    baseUrl: m8tes.baseUrl,
    secrets: { apiKey, webhookSecret },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const title = uniqueTitle('Refunds for cust_7');
  const runId = m8tes.createRun({ name: title, user_id: 'cust_7' });
  const gate = m8tes.openGate(runId, {
    tool_name: 'refund_order',
    tool_input: { orderId: 1042, amount: 25 },
    display_name: 'Refund an order',
    prose: 'Refund $25 on order 1042',
    can_remember: true,
  });
  expect((await m8tes.sendWebhook(source.hookUrl, 'run.awaiting_input', runId)).status).toBe(200);

  const runPath = await openFromInbox(page, title);
  await expect(page.getByText('Refund an order').first()).toBeVisible();
  await expect(page.getByText('Refund $25 on order 1042')).toBeVisible();
  await page.getByRole('textbox', { name: /note/i }).fill('Regular customer');
  await button(page, 'Approve').click();

  await expectDelivered(page, runPath);
  expect(m8tes.answerCalls().map((c) => [c.path, c.body])).toEqual([
    [
      `/api/v2/runs/${runId}/approve`,
      {
        request_id: gate.request_id,
        decision: 'allow',
        remember: false,
        reason: 'Regular customer',
      },
    ],
  ]);
  expect(gate.status).toBe('allowed');
});

test('m8tes: a question batch found only by polling is answered in the browser and reaches /answer once', async ({
  page,
  connect,
  m8tes,
}) => {
  await connect({
    kind: 'm8tes',
    name: 'm8tes polled',
    baseUrl: m8tes.baseUrl,
    secrets: { apiKey },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const title = uniqueTitle('Quarterly report');
  const runId = m8tes.createRun({ name: title });
  const gate = m8tes.openGate(runId, {
    tool_name: 'AskUserQuestion',
    tool_input: {
      questions: [
        {
          question: 'Which segment?',
          header: 'Segment',
          multiSelect: false,
          options: [{ label: 'enterprise' }, { label: 'smb' }],
        },
        { question: 'Anything to exclude?', header: 'Exclusions', multiSelect: false, options: [] },
      ],
    },
  });

  const runPath = await openFromInbox(page, title);
  await page.getByRole('radio', { name: 'smb', exact: true }).check();
  await page
    .getByRole('group', { name: /Anything to exclude\?/ })
    .getByRole('textbox')
    .fill('Test accounts');
  await button(page, 'Submit answers').click();

  await expectDelivered(page, runPath);
  expect(m8tes.answerCalls().map((c) => [c.path, c.body])).toEqual([
    [
      `/api/v2/runs/${runId}/answer`,
      {
        answers: { 'Which segment?': 'smb', 'Anything to exclude?': 'Test accounts' },
        request_id: gate.request_id,
      },
    ],
  ]);
});

test('m8tes: a plan approval found by polling is sent back with feedback as "Revise: …" once', async ({
  page,
  connect,
  m8tes,
}) => {
  await connect({
    kind: 'm8tes',
    name: 'm8tes plans',
    baseUrl: m8tes.baseUrl,
    secrets: { apiKey },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const title = uniqueTitle('Data migration');
  const runId = m8tes.createRun({ name: title });
  const gate = m8tes.openGate(runId, {
    tool_name: 'AskUserQuestion',
    tool_input: {
      questions: [
        {
          question: '1. Snapshot the database\n2. Copy invoices in batches',
          header: 'Plan Approval',
          multiSelect: false,
          options: [{ label: 'Approve' }, { label: 'Revise' }],
        },
      ],
    },
  });

  const runPath = await openFromInbox(page, title);
  await expect(page.getByText('Snapshot the database')).toBeVisible();
  await page.getByRole('textbox', { name: /feedback/i }).fill('Add a rollback step');
  await button(page, 'Request changes').click();

  await expectDelivered(page, runPath);
  expect(m8tes.answerCalls().map((c) => [c.path, c.body])).toEqual([
    [
      `/api/v2/runs/${runId}/answer`,
      { answers: { 'Plan Approval': 'Revise: Add a rollback step' }, request_id: gate.request_id },
    ],
  ]);
});
