import { startLiveView, type LiveView } from '../../src/server/demo/live-view';
import { button, expect, signIn, test, uniqueTitle } from './fixtures';

let liveView: LiveView;

test.beforeAll(async () => {
  liveView = await startLiveView({ port: 0 });
});

test.afterAll(async () => {
  await liveView.close();
});

test('a reviewer takes over in the live view and hands back with a follow-up', async ({
  page,
  agent,
}) => {
  const session = liveView.open('Buy the conference tickets');
  session.setController('human');
  const run = await agent.createRun({ title: uniqueTitle('Tickets'), liveUrl: session.url });
  const request = await agent.ask(run.id, {
    kind: 'takeover',
    instructions: 'Complete the 3-D Secure check, then hand back.',
  });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByText('Complete the 3-D Secure check, then hand back.')).toBeVisible();

  const iframe = page.locator(`iframe[src="${session.url}"]`).first();
  await expect(iframe).toHaveAttribute('sandbox', /.*/);
  await expect(
    page
      .frameLocator(`iframe[src="${session.url}"]`)
      .first()
      .getByText('Session controlled by: human'),
  ).toBeVisible();

  const newTab = page.getByRole('link', { name: 'Open in new tab', exact: true });
  await expect(newTab).toHaveAttribute('href', session.url);
  await expect(newTab).toHaveAttribute('target', '_blank');
  await expect(newTab).toHaveAttribute('rel', /noopener/);

  await page.getByRole('textbox', { name: /follow-up/i }).fill('Then download the tickets');
  await button(page, 'Hand back to agent').click();
  expect((await answer()).response).toEqual({
    decision: 'handback',
    followUp: 'Then download the tickets',
  });
});

test('a reviewer stops the run from the takeover card', async ({ page, agent }) => {
  const session = liveView.open('Renew the domain');
  const run = await agent.createRun({ title: uniqueTitle('Domain renewal'), liveUrl: session.url });
  const request = await agent.ask(run.id, { kind: 'takeover', instructions: 'Solve the CAPTCHA.' });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  const card = page
    .getByRole('region')
    .filter({ has: button(page, 'Hand back to agent') })
    .last();
  await button(card, 'Stop run').click();
  await button(page.getByRole('dialog', { name: 'Stop this run?' }), 'Stop run').click();

  const settled = await answer();
  expect(settled.status).toBe('answered');
  expect(settled.response).toEqual({ decision: 'stop' });
});
