import { button, expect, signIn, test, uniqueTitle } from './fixtures';

type Named = { id: string; username: string };

test('a request nobody answers in time escalates to another group, whose member finds it in My groups', async ({
  page,
  agent,
  server,
}) => {
  const users = await server.admin.json<{ items: Named[] }>('GET', '/users');
  const otto = users.items.find((u) => u.username === 'otto')!;
  const rita = users.items.find((u) => u.username === 'rita')!;
  const suffix = uniqueTitle('').trim();
  const support = await server.admin.json<{ id: string }>('POST', '/groups', {
    name: `Support ${suffix}`,
    memberIds: [rita.id],
  });
  const qa = await server.admin.json<{ id: string }>('POST', '/groups', {
    name: `QA ${suffix}`,
    memberIds: [otto.id],
  });
  const tool = `escalating_${Date.now()}`;
  await server.admin.json('PUT', '/routes', {
    routes: [
      {
        tool,
        groupId: support.id,
        onExpiry: 'escalate',
        escalateToGroupId: qa.id,
        escalateExpiresAfterMinutes: 15,
      },
    ],
    defaultGroupId: null,
  });

  const run = await agent.createRun({ title: uniqueTitle('Escalation') });
  // The agent's own short deadline; the route's policy still decides what happens at it.
  const request = await agent.ask(run.id, {
    kind: 'tool',
    tool,
    input: { amount: 20 },
    expiresAt: new Date(Date.now() + 2_000).toISOString(),
  });

  await signIn(page, 'otherReviewer');
  await page.goto('/?queue=groups');
  const row = page.getByRole('row').filter({ hasText: run.title });
  // The sweeper escalates it within a second or so of the deadline; the inbox updates live.
  await expect(row).toContainText(`Escalated to QA ${suffix}`, { timeout: 10_000 });
  await expect(row).toContainText(/expires in 1[45]m/);

  await row.getByRole('link').click();
  await expect(page.getByText(`Group: QA ${suffix}`)).toBeVisible();
  await expect(page.getByText('Nobody is on it yet')).toBeVisible();
  await expect(page.getByText(/escalated to QA .*, who have 15 minutes/)).toBeVisible();
  await button(page, 'Approve').click();

  await expect
    .poll(async () => {
      const answered = await agent.getRequest(request.id);
      return [answered.status, answered.answeredBy, answered.escalations];
    })
    .toEqual(['answered', 'otto', 1]);
  // The server is shared by the worker's tests: leave routing as it was.
  await server.admin.json('PUT', '/routes', { routes: [], defaultGroupId: null });
});
