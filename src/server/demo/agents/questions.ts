import { pick, runScript, type DemoAgent } from './agent-context';

const scenarios = [
  {
    title: 'Plan the onboarding call for Acme',
    customer: 'acme-corp',
    questions: [
      {
        id: 'timezone',
        text: 'Which time zone should the call be in?',
        options: ['UTC', 'US Eastern', 'Central European'],
      },
      {
        id: 'length',
        text: 'How long should the call be?',
        options: ['30 minutes', '45 minutes', '60 minutes'],
        allowOther: false,
      },
      { id: 'topics', text: 'Anything the call must cover?' },
    ],
  },
  {
    title: 'Set up the quarterly report',
    customer: 'globex',
    questions: [
      {
        id: 'format',
        text: 'Which format do they want?',
        options: ['PDF', 'Spreadsheet', 'Slides'],
      },
      {
        id: 'audience',
        text: 'Who reads it?',
        options: ['Finance team', 'Executives'],
        allowOther: true,
      },
    ],
  },
  {
    title: 'Choose a name for the new workspace',
    customer: 'initech',
    questions: [
      {
        id: 'name',
        text: 'What should the workspace be called?',
        options: ['Initech HQ', 'TPS Reports'],
      },
    ],
  },
];

export const questionsAgent: DemoAgent = (ctx) => {
  const s = pick(scenarios, ctx);
  return runScript(
    ctx,
    { title: s.title, customer: s.customer, metadata: { kind: 'questions' } },
    async (run) => {
      await run.work();
      await run.say('agent.step', 'Read the account notes and the last three emails');
      const answer = await run.ask({ kind: 'questions', questions: s.questions });
      for (const a of answer.response.answers) {
        const question = s.questions.find((q) => q.id === a.questionId);
        await run.say('agent.answer_received', `${question?.text ?? a.questionId} → ${a.value}`);
      }
      await run.work();
      await run.say('agent.step', 'Put everything into the plan');
      await run.complete('Done with the answers');
    },
  );
};
