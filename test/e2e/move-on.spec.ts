import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('after an answer the next run comes from the inbox as filtered, and ← Inbox returns to it', async ({
  page,
  agent,
}) => {
  const tag = uniqueTitle('moveon').replace(/\s/g, '-');
  const ask = async (title: string, request: Parameters<typeof agent.ask>[1]) => {
    const run = await agent.createRun({ title: `${tag} ${title}` });
    await agent.ask(run.id, request);
    return run;
  };
  const tool = (name: string) => ({ kind: 'tool', tool: name, input: {} }) as const;
  const first = await ask('refund 1', tool('refund_order'));
  // Older than the second refund and outside the filter: unfiltered, it would come next.
  await ask('plan for the database', { kind: 'plan', plan: '1. Drop the staging database' });
  const second = await ask('refund 2', tool('refund_order'));

  await signIn(page, 'reviewer');
  await page.goto(`/?kind=tool&q=${encodeURIComponent(tag)}`);
  await page.getByRole('link', { name: `${tag} refund 1` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${first.id}$`));
  await expect(page.getByRole('link', { name: '← Inbox' })).toHaveAttribute(
    'href',
    `/?kind=tool&q=${encodeURIComponent(tag)}`,
  );

  await button(page, 'Approve').click();
  await expect(page).toHaveURL(new RegExp(`/runs/${second.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${tag} refund 2`);

  await button(page, 'Approve').click();
  await expect(page).toHaveURL(/\/\?kind=tool&q=/);
  await expect(page.getByRole('combobox', { name: 'Kind' })).toHaveValue('tool');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(tag);
});
