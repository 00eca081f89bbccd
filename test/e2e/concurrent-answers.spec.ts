import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('two reviewers answer the same request: one wins, the other sees who answered first', async ({
  browser,
  page,
  agent,
}) => {
  const run = await agent.createRun({ title: uniqueTitle('Refund race'), customer: 'cust_123' });
  const request = await agent.ask(run.id, {
    kind: 'tool',
    tool: 'refund_order',
    input: { amount: 240 },
  });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    // Two people clicking in the same instant: neither page may learn of the other's answer first,
    // or its card would close before the click and the race would never reach the server.
    for (const p of [page, other]) await p.route('**/api/v1/stream*', (route) => route.abort());
    // Two browsers signing in and loading the run page take a while on a busy machine: do it side by side.
    await Promise.all([signIn(page, 'reviewer'), signIn(other, 'otherReviewer')]);
    await Promise.all([page.goto(`/runs/${run.id}`), other.goto(`/runs/${run.id}`)]);
    await expect(button(page, 'Approve')).toBeEnabled();
    await expect(button(other, 'Deny')).toBeEnabled();

    await Promise.all([button(page, 'Approve').click(), button(other, 'Deny').click()]);

    const settled = await answer();
    const ritaWon = settled.answeredBy === 'rita';
    expect(settled.answeredBy).toBe(ritaWon ? 'rita' : 'otto');
    expect(settled.response).toEqual({ decision: ritaWon ? 'approve' : 'deny' });

    const loser = ritaWon ? other : page;
    await expect(loser.getByText(/already answered/i).first()).toBeVisible();
    await expect(loser.getByText(ritaWon ? /\brita\b/ : /\botto\b/).first()).toBeVisible();

    const after = await agent.getRequest(request.id);
    expect(after.response).toEqual(settled.response);
  } finally {
    await otherContext.close();
  }
});
