import { approvedInput } from '../../../shared/requests';
import { minutesFromNow, pick, runScript, type DemoAgent } from './agent-context';

const scenarios = [
  {
    title: 'Refund for order #4821',
    customer: 'cust_123',
    tool: 'refund_order',
    input: { amount: 240, customer: 'cust_123', currency: 'EUR', order: 'ord_4821' },
    reason: 'The parcel arrived damaged; the customer sent photos and asked for a full refund.',
    lookups: [
      'Looked up order ord_4821: 2 items, €240.00, delivered 3 days ago',
      "Read the customer's photos: the box is crushed",
    ],
  },
  {
    title: 'Refund for order #5170',
    customer: 'cust_456',
    tool: 'refund_order',
    input: { amount: 35.5, customer: 'cust_456', currency: 'EUR', order: 'ord_5170' },
    reason: 'Charged twice for the same order.',
    lookups: ['Found two captures of €35.50 on ord_5170 a minute apart'],
  },
  {
    title: 'Deploy checkout-service 2.14.0',
    customer: 'acme-corp',
    tool: 'deploy_service',
    input: {
      service: 'checkout-service',
      version: '2.14.0',
      environment: 'production',
      canary: 0.1,
    },
    reason: 'All checks passed on staging; the release fixes the coupon rounding bug.',
    lookups: ['Staging smoke tests: 48 passed, 0 failed', 'Error rate on staging over 1 h: 0.02 %'],
  },
  {
    title: 'Email the renewal offer to Globex',
    customer: 'globex',
    tool: 'send_email',
    input: {
      to: 'procurement@globex.example',
      subject: 'Your renewal offer',
      template: 'renewal-15-off',
    },
    reason: 'Their contract ends in 14 days and they asked for the offer in writing.',
    lookups: ['Drafted the email from the renewal-15-off template'],
  },
] as const;

/** Three calls a release needs, asked together: the reviewer sees one group and can Approve all. */
const release = {
  title: 'Release checkout-service 2.15.0',
  customer: 'acme-corp',
  calls: [
    {
      tool: 'run_migrations',
      input: { service: 'checkout-service', migrations: ['0042_coupons'] },
      reason: 'The release adds a column for coupon rounding.',
    },
    {
      tool: 'deploy_service',
      input: { service: 'checkout-service', version: '2.15.0', environment: 'production' },
      reason: 'Staging passed.',
    },
    {
      tool: 'post_message',
      input: { channel: '#releases', text: 'checkout-service 2.15.0 is live' },
      reason: 'Tell the team once it is out.',
    },
  ],
} as const;

const releaseAgent: DemoAgent = (ctx) =>
  runScript(
    ctx,
    { title: release.title, customer: release.customer, metadata: { kind: 'tool' } },
    async (run) => {
      await run.work();
      await run.say('agent.step', 'Prepared the release: migrations, deploy, announcement');
      const decided = await run.askGroup(
        'release',
        release.calls.map((call) => ({ kind: 'tool', ...call, expiresAt: minutesFromNow(30) })),
      );
      for (const request of decided) {
        if (request.kind !== 'tool') continue;
        const approved = request.status === 'answered' && request.response?.decision === 'approve';
        await run.say(
          approved ? 'agent.tool_result' : 'agent.skipped',
          `${approved ? 'Executed' : 'Skipped'} ${request.tool}`,
        );
      }
      await run.complete('Release finished');
    },
  );

export const toolAgent: DemoAgent = (ctx) => {
  // Every fourth tool run after the first is a release that asks three calls at once.
  if (ctx.sequence % 4 === 3) return releaseAgent(ctx);
  const s = pick(scenarios, ctx);
  return runScript(
    ctx,
    { title: s.title, customer: s.customer, metadata: { kind: 'tool' } },
    async (run) => {
      for (const line of s.lookups) {
        await run.work();
        await run.say('agent.step', line);
      }
      const answer = await run.ask({
        kind: 'tool',
        tool: s.tool,
        input: s.input,
        reason: s.reason,
        expiresAt: minutesFromNow(30),
      });
      const note = answer.response.note ? ` (note: ${answer.response.note})` : '';
      if (answer.response.decision === 'deny') {
        await run.say('agent.skipped', `Skipped ${s.tool}${note}`);
        await run.work();
        await run.complete(`Finished without running ${s.tool}`);
        return;
      }
      const approvers = answer.response.approvals?.map((a) => a.by);
      if (approvers) await run.say('agent.countersigned', `Approved by ${approvers.join(' and ')}`);
      const input = approvedInput({ input: s.input }, answer.response) ?? s.input;
      const edited = answer.response.input
        ? ` with the input as ${answer.answeredBy} edited it`
        : '';
      await run.say('agent.tool_started', `Running ${s.tool}${edited}${note}`, input);
      await run.work();
      await run.say('agent.tool_result', `Executed ${s.tool}: ok`, { ok: true });
      await run.complete('Done');
    },
  );
};
