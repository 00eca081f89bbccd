import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('a 2-of-2 countersign by two browsers: the first approval waits, the second answers the agent', async ({
  browser,
  page,
  agent,
  server,
}) => {
  // Two browsers signing in, and three page loads each, take a while on a busy machine.
  test.setTimeout(60_000);
  const tool = `wire_money_${Date.now().toString(36)}`;
  await server.admin.json('POST', '/rules', {
    tool,
    customer: null,
    effect: 'countersign',
    approvals: 2,
    match: { '/amount': { gte: 1000 } },
  });
  const run = await agent.createRun({ title: uniqueTitle('Wire'), customer: 'cust_123' });
  const request = await agent.ask(run.id, { kind: 'tool', tool, input: { amount: 5000 } });
  expect(request.status).toBe('pending');

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    await Promise.all([signIn(page, 'reviewer'), signIn(other, 'otherReviewer')]);
    await Promise.all([page.goto(`/runs/${run.id}`), other.goto(`/runs/${run.id}`)]);
    await expect(page.getByRole('status', { name: 'Approvals' })).toContainText('0 of 2 approvals');

    await page.getByRole('textbox', { name: /note/i }).fill('Checked the invoice');
    await button(page, 'Approve').click();
    // The other browser learns of the first approval live, without a reload.
    await expect(other.getByRole('status', { name: 'Approvals' })).toContainText(
      '1 of 2 approvals, approved by rita',
    );
    expect((await agent.getRequest(request.id)).status).toBe('pending');

    await page.goto(`/runs/${run.id}`);
    await expect(page.getByRole('status', { name: 'Approvals' })).toContainText(
      'You approved; it waits for 1 more person',
    );
    await expect(button(page, 'Approve')).toBeDisabled();

    const answer = agent.waitForAnswer(request, { timeoutMs: 20_000 });
    await button(other, 'Approve').click();
    const settled = await answer;
    expect(settled.status).toBe('answered');
    expect(settled.response).toEqual({
      decision: 'approve',
      approvals: [
        { by: 'rita', at: expect.any(String), note: 'Checked the invoice' },
        { by: 'otto', at: expect.any(String) },
      ],
    });
    await page.goto(`/runs/${run.id}`);
    await expect(page.getByText('Approved by rita and otto')).toBeVisible();
  } finally {
    await otherContext.close();
  }
});
