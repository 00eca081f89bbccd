import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('a reviewer fills in a message with fields', async ({ page, agent }) => {
  const run = await agent.createRun({
    title: uniqueTitle('Replacement order'),
    customer: 'cust_123',
  });
  const request = await agent.ask(run.id, {
    kind: 'message',
    message: 'Where should the replacement go?',
    fields: [
      { name: 'name', label: 'Recipient name', required: true, defaultValue: 'Ada Lovelace' },
      { name: 'city', label: 'City', required: true, placeholder: 'London' },
    ],
  });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByText('Where should the replacement go?').first()).toBeVisible();
  await expect(page.getByLabel('Recipient name')).toHaveValue('Ada Lovelace');
  await page.getByLabel('City').fill('Manchester');
  await button(page, 'Send').click();

  expect((await answer()).response).toEqual({
    fields: { name: 'Ada Lovelace', city: 'Manchester' },
  });
});

test('a reviewer replies to a message in one text box', async ({ page, agent }) => {
  const run = await agent.createRun({ title: uniqueTitle('Invoice question') });
  const request = await agent.ask(run.id, {
    kind: 'message',
    message: 'Can invoices go to two addresses?',
  });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByText('Can invoices go to two addresses?').first()).toBeVisible();
  await page.getByRole('textbox').fill('Yes, add the second one in Settings');
  await button(page, 'Send').click();

  expect((await answer()).response).toEqual({ text: 'Yes, add the second one in Settings' });
});
