import { minutesFromNow, pick, runScript, type DemoAgent } from './agent-context';

const scenarios = [
  {
    title: 'Buy the conference tickets',
    customer: 'cust_123',
    steps: [
      'Opened the ticket shop',
      'Added 2 tickets to the basket',
      'Filled in the billing details',
    ],
    instructions:
      'The bank wants a 3-D Secure confirmation. Please complete the verification in the live view, then hand back.',
    after: ['Confirmed the order', 'Downloaded the tickets'],
  },
  {
    title: 'Renew the domain example-shop.com',
    customer: 'acme-corp',
    steps: ['Signed in to the registrar', 'Found the domain in the list'],
    instructions:
      'A CAPTCHA blocks the renewal form. Please solve it in the live view, then hand back.',
    after: ['Renewed for 2 years', 'Saved the invoice'],
  },
];

export const takeoverAgent: DemoAgent = (ctx) => {
  const s = pick(scenarios, ctx);
  const session = ctx.liveView.open(s.title);
  return runScript(
    ctx,
    { title: s.title, customer: s.customer, liveUrl: session.url, metadata: { kind: 'takeover' } },
    async (run) => {
      for (const step of s.steps) {
        session.setStep(step);
        await run.work();
        await run.say('agent.step', step);
      }
      session.setController('human');
      session.setStep('Waiting for a person to take over');
      const answer = await run.ask({
        kind: 'takeover',
        instructions: s.instructions,
        expiresAt: minutesFromNow(60),
      });
      session.setController('agent');
      if (answer.response.decision === 'stop') {
        session.setStep('Stopped by a reviewer');
        await run.stop('Stopped by a reviewer during the takeover');
        return;
      }
      const followUp = answer.response.followUp?.trim();
      await run.say(
        'agent.resumed',
        followUp ? `Back in control; follow-up: ${followUp}` : 'Back in control; continuing',
      );
      for (const step of followUp ? [`Followed up: ${followUp}`, ...s.after] : s.after) {
        session.setStep(step);
        await run.work();
        await run.say('agent.step', step);
      }
      session.setStep('Finished');
      await run.complete('Done');
    },
  ).finally(() => session.close());
};
