import { pick, runScript, type DemoAgent } from './agent-context';
import type { MessageField } from '../../../shared/requests';

type Scenario = { title: string; customer: string; message: string; fields?: MessageField[] };

const scenarios: readonly Scenario[] = [
  {
    title: 'Ship the replacement order',
    customer: 'cust_123',
    message: 'The saved address for **cust_123** bounced. Where should the replacement go?',
    fields: [
      { name: 'name', label: 'Recipient name', required: true, defaultValue: 'Ada Lovelace' },
      {
        name: 'street',
        label: 'Street and number',
        required: true,
        placeholder: '12 Example Road',
      },
      { name: 'city', label: 'City', required: true },
      { name: 'notes', label: 'Delivery notes', placeholder: 'Leave with the neighbour' },
    ],
  },
  {
    title: 'Answer the question about invoices',
    customer: 'globex',
    message: 'Globex asks whether invoices can be sent to two addresses. What should I tell them?',
  },
];

export const messageAgent: DemoAgent = (ctx) => {
  const s = pick(scenarios, ctx);
  return runScript(
    ctx,
    { title: s.title, customer: s.customer, metadata: { kind: 'message' } },
    async (run) => {
      await run.work();
      await run.say('agent.step', 'Hit something only a person can answer');
      const answer = await run.ask(
        s.fields
          ? { kind: 'message', message: s.message, fields: s.fields }
          : { kind: 'message', message: s.message },
      );
      const response = answer.response;
      if ('fields' in response) {
        for (const field of s.fields ?? []) {
          const value = response.fields[field.name];
          if (value) await run.say('agent.answer_received', `${field.label}: ${value}`);
        }
      } else {
        await run.say('agent.answer_received', `Reply: ${response.text}`);
      }
      await run.work();
      await run.complete('Carried on with the answer');
    },
  );
};
