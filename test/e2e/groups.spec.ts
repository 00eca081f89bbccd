import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('three tool calls asked together: shown as one group, Approve all, one reply for the agent', async ({
  page,
  agent,
}) => {
  const run = await agent.createRun({ title: uniqueTitle('Parallel calls'), customer: 'cust_7' });
  for (const tool of ['lookup_order', 'refund_order', 'email_customer']) {
    await agent.ask(run.id, { kind: 'tool', tool, input: { order: 'ord_7' }, group: 'step-1' });
  }
  const reply = agent.waitForGroup(run.id, 'step-1', { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto('/');
  await expect(page.getByRole('row').filter({ hasText: run.title })).toContainText('3 tool calls');
  await page.goto(`/runs/${run.id}`);
  const group = page.getByRole('region', { name: 'Group step-1' });
  await expect(group).toContainText('3 tool calls asked together');
  await expect(group.getByRole('heading')).toHaveCount(3);
  await button(group, 'Approve all').click();

  const decided = await reply;
  expect(decided.decided).toBe(true);
  expect(decided.requests.map((r) => [r.status, r.answeredBy])).toEqual([
    ['answered', 'rita'],
    ['answered', 'rita'],
    ['answered', 'rita'],
  ]);
});
