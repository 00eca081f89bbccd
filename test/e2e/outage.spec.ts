import type { Page } from '@playwright/test';
import { startM8tesFake, type M8tesFake } from '../fakes/m8tes';
import { button, expect, signIn, test as base, uniqueTitle } from './fixtures';
import { expectDelivered, openFromInbox, openLiveInbox } from './platforms/platform-steps';

const apiKey = 'm8_outage_key';
const webhookSecret = 'whsec_outage';

const test = base.extend<{ m8tes: M8tesFake }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  m8tes: async ({}, use) => {
    const fake = await startM8tesFake({ apiKey, webhookSecret });
    await use(fake);
    await fake.close();
  },
});

const refusal = 'm8tes answered HTTP 503: Service Unavailable';
/** Eight attempts with backoff from 300 ms to 1 s take about six seconds; leave room on a busy machine. */
const givingUp = 20_000;

const pendingNotice = (page: Page) =>
  page.getByText(/^Not yet delivered; retrying/).filter({ hasText: refusal });
const failedNotice = (page: Page) =>
  page
    .getByText(/^Delivery failed \(8 attempts\): Gave up after 8 attempts/)
    .filter({ hasText: refusal });

test('while m8tes is down answers show as retrying, then failed with the error, and each arrives once it is back', async ({
  page,
  connect,
  m8tes,
}) => {
  // This test lives through two real retry schedules running out (up to `givingUp` each) and three
  // deliveries, besides a dozen page loads: on a busy machine that is more than the default 30 s.
  test.setTimeout(90_000);
  const source = await connect({
    kind: 'm8tes',
    name: 'm8tes with an outage',
    baseUrl: m8tes.baseUrl,
    secrets: { apiKey, webhookSecret },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  async function raise(n: number, decision: 'approve' | 'deny') {
    const title = uniqueTitle(`Outage refund ${n}`);
    const runId = m8tes.createRun({ name: title, user_id: 'cust_outage' });
    const gate = m8tes.openGate(runId, {
      tool_name: 'refund_order',
      tool_input: { orderId: 7000 + n, amount: 10 * n },
      display_name: 'Refund an order',
    });
    expect((await m8tes.sendWebhook(source.hookUrl, 'run.awaiting_input', runId)).status).toBe(200);
    return { title, runId, gate, decision, runPath: '' };
  }
  const first = await raise(1, 'approve');
  const second = await raise(2, 'deny');
  const third = await raise(3, 'approve');
  const pauses = [first, second, third];

  m8tes.refuse(true);
  for (const pause of [first, second]) {
    await page.goto('/');
    pause.runPath = await openFromInbox(page, pause.title);
    await button(page, pause.decision === 'approve' ? 'Approve' : 'Deny').click();
    await page.goto(pause.runPath);
    await expect(pendingNotice(page)).toBeVisible();
    await expect(button(page, 'Retry now')).toHaveCount(0);
  }

  await page.goto(first.runPath);
  await expect(failedNotice(page)).toBeVisible({ timeout: givingUp });
  await expect(button(page, 'Retry now')).toBeVisible();
  await page.goto(second.runPath);
  await expect(failedNotice(page)).toBeVisible({ timeout: givingUp });

  await page.goto('/');
  third.runPath = await openFromInbox(page, third.title);
  await button(page, 'Approve').click();
  await page.goto(third.runPath);
  await expect(pendingNotice(page)).toBeVisible();
  expect(m8tes.answerCalls().filter((c) => c.replyStatus === 200)).toEqual([]);

  m8tes.refuse(null);
  // The third answer is still within its retries: the queue delivers it without anyone's help.
  await expectDelivered(page, third.runPath);
  for (const pause of [first, second]) {
    await page.goto(pause.runPath);
    await expect(failedNotice(page)).toBeVisible();
    await button(page, 'Retry now').click();
    await expectDelivered(page, pause.runPath);
  }

  for (const pause of pauses) {
    const calls = m8tes
      .answerCalls()
      .filter((c) => c.path === `/api/v2/runs/${pause.runId}/approve`);
    const accepted = calls.filter((c) => c.replyStatus === 200);
    expect(accepted.map((c) => c.body)).toEqual([
      {
        request_id: pause.gate.request_id,
        decision: pause.decision === 'approve' ? 'allow' : 'deny',
        remember: false,
      },
    ]);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.slice(0, -1).every((c) => c.replyStatus === 503)).toBe(true);
    expect(pause.gate.status).toBe(pause.decision === 'approve' ? 'allowed' : 'denied');
  }
  const refused = m8tes.answerCalls().filter((c) => c.replyStatus === 503);
  console.info(
    `outage test: ${pauses.length} answers, ${refused.length} refused attempts, ` +
      `${m8tes.answerCalls().length - refused.length} accepted (2 after Retry now, 1 by automatic retry)`,
  );
});
