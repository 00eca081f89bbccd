import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('a page whose code fails to load during a server blip recovers, with the typed draft kept', async ({
  page,
  agent,
}) => {
  const run = await agent.createRun({ title: uniqueTitle('Blip') });
  await agent.ask(run.id, { kind: 'tool', tool: 'refund_order', input: { amount: 5 } });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await page.getByRole('textbox', { name: /note/i }).fill('Half a thought');
  await page.goto('/');
  await expect(page.getByRole('link', { name: run.title })).toBeVisible();

  // The run page's code is refused twice (a redeploy or a restart in progress), then served again.
  let refused = 0;
  await page.route('**/assets/run-*.js', async (route) => {
    if (refused < 2) {
      refused++;
      return route.abort('connectionrefused');
    }
    return route.fallback();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.evaluate(() => {
    (window as unknown as { marker?: number }).marker = 1;
  });
  await page.getByRole('link', { name: run.title }).click();
  await expect(button(page, 'Approve')).toBeVisible({ timeout: 15_000 });
  expect(refused).toBe(2);
  await expect(page.getByRole('textbox', { name: /note/i })).toHaveValue('Half a thought');
  await expect(page.getByText(/Failed to fetch dynamically imported module/)).toHaveCount(0);
  expect(errors).toEqual([]);
});
