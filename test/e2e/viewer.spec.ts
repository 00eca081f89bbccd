import { expect, signIn, test, uniqueTitle } from './fixtures';

test('a viewer sees a pending request but cannot answer it', async ({ page, agent }) => {
  const run = await agent.createRun({ title: uniqueTitle('Viewer check'), customer: 'cust_123' });
  const request = await agent.ask(run.id, {
    kind: 'tool',
    tool: 'refund_order',
    input: { amount: 240 },
  });

  await signIn(page, 'viewer');
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByText('refund_order').first()).toBeVisible();
  for (const name of ['Approve', 'Deny']) {
    const buttons = page.getByRole('button', { name, exact: true });
    for (const b of await buttons.all()) await expect(b).toBeDisabled();
  }

  const refused = await page.request.post(`/api/v1/requests/${request.id}/response`, {
    data: { decision: 'approve' },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe('forbidden');
  expect((await agent.getRequest(request.id)).status).toBe('pending');
});
