import { expect, signIn, test, uniqueTitle } from './fixtures';

test('a request created by an agent appears in an open inbox without a reload', async ({
  page,
  agent,
}) => {
  await signIn(page, 'reviewer');
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => {
    (window as unknown as { inboxMarker: number }).inboxMarker = 42;
  });

  const title = uniqueTitle('Live arrival');
  const run = await agent.createRun({ title, customer: 'cust_live' });
  await expect(page.getByText(title)).toHaveCount(0);
  await agent.ask(run.id, { kind: 'tool', tool: 'send_email', input: { to: 'a@example.com' } });

  await expect(page.getByText(title)).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { inboxMarker?: number }).inboxMarker),
  ).toBe(42);
});
