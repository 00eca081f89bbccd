import { button, expect, signIn, test, uniqueTitle } from './fixtures';

const plan = [
  '# Migrate billing',
  '',
  '- Snapshot the database',
  '- Copy invoices in batches',
  '',
  '```sql',
  'CREATE INDEX invoices_customer ON invoices (customer_id);',
  '```',
].join('\n');

test('a reviewer asks for changes, then approves the revised plan', async ({ page, agent }) => {
  const run = await agent.createRun({ title: uniqueTitle('Billing migration') });
  const first = await agent.ask(run.id, { kind: 'plan', plan });
  const firstAnswer = () => agent.waitForAnswer(first, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByRole('heading', { name: 'Migrate billing' })).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Snapshot the database' }),
  ).toBeVisible();
  await expect(page.locator('code', { hasText: 'CREATE INDEX invoices_customer' })).toBeVisible();

  await page.getByRole('textbox', { name: /feedback/i }).fill('Add a rollback step');
  await button(page, 'Request changes').click();
  expect((await firstAnswer()).response).toEqual({
    decision: 'revise',
    feedback: 'Add a rollback step',
  });

  const revised = await agent.ask(run.id, {
    kind: 'plan',
    plan: `${plan}\n\n- Roll back by restoring the snapshot`,
  });
  const secondAnswer = () => agent.waitForAnswer(revised, { timeoutMs: 20_000 });
  await page.goto(`/runs/${run.id}`);
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Roll back by restoring the snapshot' }),
  ).toBeVisible();
  await button(page, 'Approve plan').click();
  expect((await secondAnswer()).response).toEqual({ decision: 'approve' });
});
