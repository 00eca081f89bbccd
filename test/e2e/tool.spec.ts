import type { Page } from '@playwright/test';
import { approvedInput } from '../../src/shared/requests';
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

test('a reviewer edits the input; the agent receives exactly the edited input and the timeline shows the diff', async ({
  page,
  agent,
}) => {
  const run = await agent.createRun({ title: uniqueTitle('Refund'), customer: 'cust_123' });
  const request = await agent.ask(run.id, refund);
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expectToolCard(page);
  await button(page, 'Edit input').click();
  const editor = page.getByLabel('Input (JSON)');
  await editor.fill('{ "amount": 120, "customer": "cust_123", "reason": "half refund" ');
  await expect(page.getByText(/^Not valid JSON/)).toBeVisible();
  await editor.fill('{ "amount": 120, "customer": "cust_123", "reason": "half refund" }');
  const diff = page.getByRole('list', { name: 'Changes to the input' });
  await expect(diff).toContainText('/amount 240 → 120');
  await expect(diff).toContainText('/reason added "half refund"');
  await button(page, 'Approve').click();

  const settled = await answer();
  expect(settled.response).toEqual({
    decision: 'approve',
    input: { amount: 120, customer: 'cust_123', reason: 'half refund' },
  });
  if (settled.kind !== 'tool' || !settled.response) throw new Error('not a tool answer');
  expect(approvedInput(settled, settled.response)).toEqual({
    amount: 120,
    customer: 'cust_123',
    reason: 'half refund',
  });

  await page.goto(`/runs/${run.id}`);
  await expect(page.getByText('rita approved with an edited input (2 changes)')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Changes to the input' })).toContainText(
    '/amount 240 → 120',
  );
});

test('an admin remembers within a scope: calls inside it are approved, others wait, a paused rule decides nothing', async ({
  page,
  agent,
}) => {
  const customer = `cust_${Date.now().toString(36)}`;
  const first = await agent.createRun({ title: uniqueTitle('Refund'), customer });
  const request = await agent.ask(first.id, { ...refund, input: { amount: 240, customer } });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });
  const ask = async (amount: number) => {
    const run = await agent.createRun({ title: uniqueTitle('Refund again'), customer });
    return agent.ask(run.id, { ...refund, input: { amount, customer } });
  };

  await signIn(page, 'admin');
  await page.goto(`/runs/${first.id}`);
  await page.getByRole('checkbox', { name: 'Remember for this customer' }).check();
  const amountPin = page.getByRole('group', { name: 'Pin 1' });
  await expect(amountPin.getByLabel('Argument')).toHaveValue('/amount');
  await amountPin.getByLabel('Condition').selectOption('lte');
  await amountPin.getByLabel('Value').fill('300');
  await button(page, 'Approve').click();
  const dialog = page.getByRole('dialog', { name: 'Approve and remember?' });
  await expect(dialog).toContainText(`where /amount ≤ 300, /customer = "${customer}"`);
  await button(dialog, 'Approve and remember').click();
  expect((await answer()).response).toMatchObject({
    decision: 'approve',
    remember: true,
    rememberScope: { customer, match: { '/amount': { lte: 300 } } },
  });

  const inside = await ask(12);
  expect(inside.status).toBe('answered');
  expect(inside.answeredBy).toMatch(/^rule:rule_/);
  expect((await ask(500)).status).toBe('pending');

  await page.goto('/rules');
  const row = page.getByRole('row').filter({ hasText: customer });
  await expect(row).toContainText(`/amount ≤ 300, /customer = "${customer}"`);
  await expect(row).toContainText('No use limit');
  await expect(row).toContainText('1 time');
  await row.getByRole('button', { name: /^Pause rule/ }).click();
  await expect(row.getByText('paused')).toBeVisible();
  expect((await ask(12)).status).toBe('pending');
});
