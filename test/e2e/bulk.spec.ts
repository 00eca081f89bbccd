import { button, expect, signIn, test } from './fixtures';

test('a reviewer approves 20 tool calls at once; two answered elsewhere meanwhile are named, the rest answered', async ({
  page,
  agent,
  server,
}) => {
  test.setTimeout(60_000);
  const batch = `Bulk ${Date.now().toString(36)}`;
  const requests = [];
  for (let i = 0; i < 20; i += 1) {
    const run = await agent.createRun({ title: `${batch} refund ${i}`, customer: `cust_${i}` });
    requests.push(
      await agent.ask(run.id, { kind: 'tool', tool: 'refund_order', input: { amount: 10 + i } }),
    );
  }

  await signIn(page, 'reviewer');
  await page.goto(`/?q=${encodeURIComponent(batch)}`);
  await expect(page.getByRole('row')).not.toHaveCount(0);
  await button(page, 'Select all shown').click();
  await expect(page.getByText('20 selected')).toBeVisible();
  await button(page, 'Approve selected').click();
  const dialog = page.getByRole('dialog', { name: 'Approve 20 tool calls?' });
  await expect(dialog.getByRole('list', { name: 'Tool calls' }).getByRole('listitem')).toHaveCount(
    20,
  );

  for (const request of requests.slice(5, 7)) {
    await server.admin.json('POST', `/requests/${request.id}/response`, { decision: 'deny' });
  }
  await button(dialog, 'Approve 20 tool calls').click();

  const results = page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem')).toHaveCount(20);
  await expect(results.getByText('Answered', { exact: true })).toHaveCount(18);
  await expect(results.getByText(/^Already answered by admin/)).toHaveCount(2);

  for (const [i, request] of requests.entries()) {
    const settled = await agent.getRequest(request.id);
    expect(settled.status).toBe('answered');
    expect(settled.response).toEqual({ decision: i === 5 || i === 6 ? 'deny' : 'approve' });
    expect(settled.answeredBy).toBe(i === 5 || i === 6 ? 'admin' : 'rita');
  }
  await button(page, 'Done').click();
  await expect(page.getByText(/^\d+ selected$/)).toHaveCount(0);
});
