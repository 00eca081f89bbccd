import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('one reviewer claims a request and the other sees who is on it, live', async ({
  browser,
  page,
  agent,
}) => {
  const run = await agent.createRun({ title: uniqueTitle('Claim'), customer: 'cust_123' });
  await agent.ask(run.id, { kind: 'tool', tool: 'refund_order', input: { amount: 20 } });

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    await Promise.all([signIn(page, 'reviewer'), signIn(other, 'otherReviewer')]);
    await Promise.all([page.goto(`/runs/${run.id}`), other.goto(`/runs/${run.id}`)]);
    await expect(button(other, 'Claim')).toBeVisible();
    await expect(other.getByText('Nobody is on it yet')).toBeVisible();

    await expect(button(page, 'Claim')).toBeVisible();
    await page.keyboard.press('c');
    await expect(page.getByText('You are on it')).toBeVisible();
    await expect(button(page, 'Release')).toBeVisible();

    // Without reloading: the event stream tells the other page.
    await expect(other.getByText('rita is on it').first()).toBeVisible();
    await expect(button(other, 'Claim')).toHaveCount(0);

    // Answering anyway asks first; saying no sends nothing.
    other.once('dialog', (dialog) => {
      expect(dialog.message()).toBe('rita is on it. Answer anyway?');
      void dialog.dismiss();
    });
    await button(other, 'Approve').click();
    await expect(button(other, 'Approve')).toBeEnabled();

    await button(page, 'Release').click();
    await expect(other.getByText('Nobody is on it yet')).toBeVisible();
  } finally {
    await otherContext.close();
  }
});
