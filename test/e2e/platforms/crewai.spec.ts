import { startCrewAiFake, type CrewAiFake } from '../../fakes/crewai';
import { button, expect, signIn, test as base, type ConnectedSource } from '../fixtures';
import { expectDelivered, openFromInbox, openLiveInbox } from './platform-steps';

const apiToken = 'crew_e2e_bearer_token';
const webhookToken = 'crew_e2e_hitl_token';

const test = base.extend<{ crew: CrewAiFake }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  crew: async ({}, use) => {
    const fake = await startCrewAiFake({ apiToken, inputs: ['topic'] });
    await use(fake);
    await fake.close();
  },
});

const runTitle = (kickoffId: string) => `CrewAI crew run ${kickoffId.slice(0, 8)}`;

/** The team's code kicks off the crew with Countersign as its human-input webhook. */
function kickoff(crew: CrewAiFake, source: ConnectedSource) {
  return crew.kickoff({
    inputs: { topic: 'AI agents' },
    humanInputWebhook: {
      url: source.hookUrl,
      authentication: { strategy: 'bearer', token: webhookToken },
    },
  });
}

// CrewAI only announces a pause through the kickoff's human-input webhook; its status API shows no
// pending task, so there is no discovery by polling to test here (the API suite checks that it finds none).
test('CrewAI: a task output announced by webhook is approved in the browser and resumes once', async ({
  page,
  connect,
  crew,
}) => {
  const source = await connect({
    kind: 'crewai',
    name: 'Research crew',
    baseUrl: crew.url,
    secrets: { apiToken, webhookToken },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const kickoffId = kickoff(crew, source);
  crew.askForReview(kickoffId, 'research_task', '## Findings\n\n- Agents need approvals');
  expect((await crew.sendHumanInputWebhook(kickoffId)).status).toBe(200);

  const runPath = await openFromInbox(page, runTitle(kickoffId));
  await expect(page.getByRole('heading', { name: 'Findings' })).toBeVisible();
  await button(page, 'Approve').click();

  await expectDelivered(page, runPath);
  expect(crew.resumeCalls(kickoffId).map((c) => c.body)).toEqual([
    { execution_id: kickoffId, task_id: 'research_task', human_feedback: '', is_approve: true },
  ]);
  expect(crew.executions.get(kickoffId)!.status).toBe('running');
});

test('CrewAI: a task output sent back with feedback resumes once with is_approve false', async ({
  page,
  connect,
  crew,
}) => {
  const source = await connect({
    kind: 'crewai',
    name: 'Writing crew',
    baseUrl: crew.url,
    secrets: { apiToken, webhookToken },
  });
  await signIn(page, 'reviewer');
  await openLiveInbox(page);

  const kickoffId = kickoff(crew, source);
  crew.askForReview(kickoffId, 'write_task', 'A first draft without sources.');
  expect((await crew.sendHumanInputWebhook(kickoffId)).status).toBe(200);

  const runPath = await openFromInbox(page, runTitle(kickoffId));
  await page.getByRole('textbox', { name: /feedback/i }).fill('Cite at least two sources.');
  await button(page, 'Send back').click();

  await expectDelivered(page, runPath);
  expect(crew.resumeCalls(kickoffId).map((c) => c.body)).toEqual([
    {
      execution_id: kickoffId,
      task_id: 'write_task',
      human_feedback: 'Cite at least two sources.',
      is_approve: false,
    },
  ]);
});
