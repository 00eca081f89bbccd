import type { Page } from '@playwright/test';
import { button, expect, signIn, test, uniqueTitle } from './fixtures';

const refund = {
  kind: 'tool',
  tool: 'refund_order',
  input: { amount: 240, customer: 'cust_123' },
  reason: 'The parcel arrived damaged',
} as const;

async function expectToolCard(page: Page) {
  await expect(page.getByText('refund_order').first()).toBeVisible();
  await expect(page.getByText('The parcel arrived damaged')).toBeVisible();
  await expect(page.getByText(/"amount":\s*240/)).toBeVisible();
}

test('a reviewer approves a tool call', async ({ page, agent }) => {
  const run = await agent.createRun({ title: uniqueTitle('Refund'), customer: 'cust_123' });
  const request = await agent.ask(run.id, refund);
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expectToolCard(page);
  await expect(page.getByRole('checkbox', { name: 'Remember for this customer' })).toHaveCount(0);
  await button(page, 'Approve').click();

  const settled = await answer();
  expect(settled.status).toBe('answered');
  expect(settled.response).toEqual({ decision: 'approve' });
});

test('a reviewer denies a tool call with a note', async ({ page, agent }) => {
  const run = await agent.createRun({ title: uniqueTitle('Refund'), customer: 'cust_123' });
  const request = await agent.ask(run.id, refund);
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expectToolCard(page);
  await page.getByRole('textbox', { name: /note/i }).fill('Over the refund limit');
  await button(page, 'Deny').click();

  const settled = await answer();
  expect(settled.response).toEqual({ decision: 'deny', note: 'Over the refund limit' });
});

test('an admin approves and remembers; the next call for that customer is approved by the rule', async ({
  page,
  agent,
}) => {
  const customer = `cust_${Date.now().toString(36)}`;
  const tool = 'refund_order';
  const first = await agent.createRun({ title: uniqueTitle('Refund'), customer });
  const request = await agent.ask(first.id, { ...refund, input: { amount: 240, customer } });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'admin');
  await page.goto(`/runs/${first.id}`);
  await page.getByRole('checkbox', { name: 'Remember for this customer' }).check();
  await button(page, 'Approve').click();
  await button(page.getByRole('dialog'), 'Approve and remember').click();
  expect((await answer()).response).toEqual({ decision: 'approve', remember: true });

  const second = await agent.createRun({ title: uniqueTitle('Refund again'), customer });
  const auto = await agent.ask(second.id, { ...refund, input: { amount: 12, customer } });
  expect(auto.status).toBe('answered');
  expect(auto.response).toEqual({ decision: 'approve' });
  expect(auto.answeredBy).toMatch(/^rule:rule_/);

  await page.goto('/rules');
  await expect(page.getByText(customer)).toBeVisible();
  await expect(page.getByText(tool).first()).toBeVisible();
});
