import { expect, signIn, test, uniqueTitle } from './fixtures';

test('two reviewers with the same run open see each other, and one leaving is gone for the other', async ({
  browser,
  page,
  agent,
}) => {
  // Two people sign in (each a password hash) and two pages load the run: more than one page's work.
  test.setTimeout(60_000);
  const run = await agent.createRun({ title: uniqueTitle('Presence') });
  await agent.ask(run.id, { kind: 'tool', tool: 'refund_order', input: { amount: 20 } });

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    await Promise.all([signIn(page, 'reviewer'), signIn(other, 'otherReviewer')]);
    // Rita's stream is open before Otto arrives: a page learns of what happened before its stream
    // opened only when the stream's first bytes come (the next heartbeat), not at once.
    await page.goto(`/runs/${run.id}`);
    await expect(page.getByText('Live', { exact: true })).toBeVisible();
    await other.goto(`/runs/${run.id}`);

    // Each sees the other, never themselves; the first one in learns of the second from the stream.
    await expect(page.getByText('otto is viewing')).toBeVisible();
    await expect(other.getByText('rita is viewing')).toBeVisible();
    await expect(page.getByText('rita is viewing')).toHaveCount(0);

    // Closing the tab says so on the way out: gone well before the 25 s expiry.
    await other.close({ runBeforeUnload: true });
    await expect(page.getByText('otto is viewing')).toHaveCount(0, { timeout: 5_000 });
  } finally {
    await otherContext.close();
  }
});
