import { button, expect, signIn, test, uniqueTitle } from './fixtures';

test('a reviewer answers a batch of questions and the agent gets exactly those answers', async ({
  page,
  agent,
}) => {
  const run = await agent.createRun({
    title: uniqueTitle('Onboarding call'),
    customer: 'acme-corp',
  });
  const request = await agent.ask(run.id, {
    kind: 'questions',
    questions: [
      {
        id: 'timezone',
        text: 'Which time zone should the call be in?',
        options: ['UTC', 'US Eastern', 'Central European'],
      },
      {
        id: 'length',
        text: 'How long should the call be?',
        options: ['30 minutes', '60 minutes'],
        allowOther: false,
      },
      { id: 'topics', text: 'Anything the call must cover?' },
    ],
  });
  const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  const submit = button(page, 'Submit answers');
  await expect(page.getByText('0 of 3 answered')).toBeVisible();

  await page.getByRole('radio', { name: 'Central European', exact: true }).check();
  await page.getByRole('radio', { name: '60 minutes', exact: true }).check();
  await expect(page.getByText('2 of 3 answered')).toBeVisible();
  await submit.click();
  const gap = page
    .getByRole('group', { name: /Anything the call must cover\?/ })
    .getByRole('textbox');
  await expect(gap).toBeFocused();
  await gap.fill('The renewal date');
  await expect(page.getByText('3 of 3 answered')).toBeVisible();
  await submit.click();

  const settled = await answer();
  expect(settled.status).toBe('answered');
  expect(settled.answeredBy).toBe('rita');
  const answers = settled.status === 'answered' ? [...settled.response.answers] : [];
  answers.sort((a, b) => a.questionId.localeCompare(b.questionId));
  expect(answers).toEqual([
    { questionId: 'length', value: '60 minutes' },
    { questionId: 'timezone', value: 'Central European' },
    { questionId: 'topics', value: 'The renewal date' },
  ]);
});
