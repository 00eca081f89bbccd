import { pick, runScript, type DemoAgent } from './agent-context';

const maxDrafts = 5;

const scenarios = [
  {
    title: 'Release notes for 2.14',
    customer: 'acme-corp',
    reviewTitle: 'Release notes draft',
    body: [
      "## What's new in 2.14",
      '',
      '- Coupons now round to the cent, as they should have all along',
      '- Checkout loads **30 % faster** on phones',
      '- Fixed: the invoice PDF showed the wrong VAT number',
      '',
      'Read more on [our blog](https://example.com/blog/2-14).',
    ],
  },
  {
    title: 'Reply to a delayed-delivery complaint',
    customer: 'cust_789',
    reviewTitle: 'Email to the customer',
    body: [
      'Hi Dana,',
      '',
      "I'm sorry your order is late. The carrier lost a day at the depot; it is now out for delivery and",
      "should reach you **by 6 pm today**. I've refunded the shipping fee (€4.90).",
      '',
      'Best,  ',
      'Sam from Support',
    ],
  },
];

function renderDraft(body: readonly string[], feedback: readonly string[]) {
  if (!feedback.length) return body.join('\n');
  const notes = feedback.map((f) => `> Changed after review: ${f}`);
  return [...body, '', ...notes].join('\n');
}

export const reviewAgent: DemoAgent = (ctx) => {
  const s = pick(scenarios, ctx);
  return runScript(
    ctx,
    { title: s.title, customer: s.customer, metadata: { kind: 'review' } },
    async (run) => {
      await run.work();
      await run.say('agent.step', 'Wrote a first draft');
      const feedback: string[] = [];
      for (;;) {
        const draft = feedback.length + 1;
        const answer = await run.ask({
          kind: 'review',
          title: draft > 1 ? `${s.reviewTitle} (draft ${draft})` : s.reviewTitle,
          output: renderDraft(s.body, feedback),
        });
        if (answer.response.decision === 'approve') {
          if (answer.response.feedback)
            await run.say('agent.feedback', `Noted: ${answer.response.feedback}`);
          break;
        }
        feedback.push(answer.response.feedback);
        await run.say('agent.redoing', `Redoing the draft: ${answer.response.feedback}`);
        if (feedback.length >= maxDrafts) {
          await run.stop('Could not get this right; handing it back to the team');
          return;
        }
        await run.work();
      }
      await run.work();
      await run.say('agent.step', `Published: ${s.reviewTitle}`);
      await run.complete('Published');
    },
  );
};
