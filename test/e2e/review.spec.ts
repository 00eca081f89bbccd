import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('a reviewer sends an output back with feedback, then approves the redo', async ({
  page,
  agent,
}) => {
  const run = await agent.createRun({ title: uniqueTitle('Release notes') });
  const draft = await agent.ask(run.id, {
    kind: 'review',
    title: 'Release notes draft',
    output: "## What's new\n\n- Checkout is **faster**\n- Fixed the VAT number",
  });
  const firstAnswer = () => agent.waitForAnswer(draft, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByRole('heading', { name: "What's new" })).toBeVisible();
  await expect(page.locator('strong', { hasText: 'faster' })).toBeVisible();
  await page.getByRole('textbox', { name: /feedback/i }).fill('Say how much faster');
  await button(page, 'Send back').click();
  expect((await firstAnswer()).response).toEqual({
    decision: 'reject',
    feedback: 'Say how much faster',
  });

  const redo = await agent.ask(run.id, {
    kind: 'review',
    title: 'Release notes draft 2',
    output: "## What's new\n\n- Checkout is **30 % faster**\n- Fixed the VAT number",
  });
  const secondAnswer = () => agent.waitForAnswer(redo, { timeoutMs: 20_000 });
  await page.goto(`/runs/${run.id}`);
  await expect(page.locator('strong', { hasText: '30 % faster' })).toBeVisible();
  await button(page, 'Approve').click();
  expect((await secondAnswer()).response).toEqual({ decision: 'approve' });
});
