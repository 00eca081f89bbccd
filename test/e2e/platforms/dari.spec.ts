import type { Page } from '@playwright/test';
import { startDariFake, type DariFake } from '../../fakes/dari';
import { button, expect, signIn, test as base, type Connect } from '../fixtures';
import { expectDelivered, openFromInbox, openLiveInbox } from './platform-steps';

const apiKey = 'dari_e2e_key';
const webhookSecret = 'dari_e2e_webhook_key';
const orgId = 'org_acme';
let endpoints = 0;

type DariFixture = { dari: DariFake & { endpointName: string } };

const test = base.extend<DariFixture>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  dari: async ({}, use) => {
    // Run titles name the endpoint, so each test gets its own.
    const endpointName = `claims-${Date.now().toString(36)}-${endpoints++}`;
    const fake = await startDariFake({ apiKey, webhookSecret, orgId, endpointName });
    await use(Object.assign(fake, { endpointName }));
    await fake.close();
  },
});

const connectDari = (connect: Connect, dari: DariFixture['dari']) =>
  connect({
    kind: 'dari',
    name: 'Dari claims',
    baseUrl: dari.url,
    settings: { orgId, endpointName: dari.endpointName },
    secrets: { apiKey, webhookSecret },
  });

const jobTitle = (dari: DariFixture['dari'], jobId: string) =>
  `${dari.endpointName} job ${jobId.slice(0, 8)}`;

async function answerPolicyBatch(page: Page, policy: string, notes: string) {
  await expect(page.getByText('Which policy number?')).toBeVisible();
  await page.getByRole('radio', { name: policy, exact: true }).check();
  await page
    .getByRole('group', { name: /Anything the adjuster should know\?/ })
    .getByRole('textbox')
    .fill(notes);
  await button(page, 'Submit answers').click();
}

const policyBatch = [
  { question_id: 'policy', question: 'Which policy number?', options: ['P-100', 'P-200'] },
  { question_id: 'notes', question: 'Anything the adjuster should know?' },
];

test('Dari: a question batch announced by webhook is answered in the browser and reaches /answer once', async ({
  page,
  connect,
  dari,
}) => {
  const source = await connectDari(connect, dari);
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const jobId = dari.startJob();
  const batch = dari.ask(jobId, policyBatch);
  expect((await dari.sendQuestionWebhook(source.hookUrl, jobId)).status).toBe(200);

  const runPath = await openFromInbox(page, jobTitle(dari, jobId));
  await answerPolicyBatch(page, 'P-200', 'The claimant moved in March');

  await expectDelivered(page, runPath);
  expect(dari.answerCalls().map((c) => [c.query.get('job_id'), c.body])).toEqual([
    [
      jobId,
      {
        batch_id: batch.batch_id,
        answers: [
          { question_id: 'policy', answer: 'P-200' },
          { question_id: 'notes', answer: 'The claimant moved in March' },
        ],
      },
    ],
  ]);
  expect(dari.jobs.get(jobId)!.status).toBe('running');
});

test('Dari: a later batch whose webhook never came is found by polling and reaches /answer once', async ({
  page,
  connect,
  dari,
}) => {
  const source = await connectDari(connect, dari);
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const jobId = dari.startJob();
  const first = dari.ask(jobId, policyBatch);
  expect((await dari.sendQuestionWebhook(source.hookUrl, jobId)).status).toBe(200);
  const runPath = await openFromInbox(page, jobTitle(dari, jobId));
  await answerPolicyBatch(page, 'P-100', 'None');
  await expectDelivered(page, runPath);

  await openLiveInbox(page);
  const second = dari.ask(jobId, [
    { question_id: 'vehicle', question: 'Which vehicle was damaged?', options: ['Car', 'Van'] },
  ]);
  await openFromInbox(page, jobTitle(dari, jobId));
  await expect(page.getByText('Which vehicle was damaged?')).toBeVisible();
  await page.getByRole('radio', { name: 'Van', exact: true }).check();
  await button(page, 'Submit answers').click();

  await expectDelivered(page, runPath, 2);
  expect(dari.answerCalls().map((c) => c.body)).toEqual([
    {
      batch_id: first.batch_id,
      answers: [
        { question_id: 'policy', answer: 'P-100' },
        { question_id: 'notes', answer: 'None' },
      ],
    },
    { batch_id: second.batch_id, answers: [{ question_id: 'vehicle', answer: 'Van' }] },
  ]);
});
