import { pick, runScript, type DemoAgent } from './agent-context';

const maxRevisions = 5;

const scenarios = [
  {
    title: 'Migrate billing to the new database',
    customer: 'acme-corp',
    steps: [
      'Snapshot the `billing` database',
      'Create the new tables with the migration below',
      'Copy invoices in batches of 10,000',
      'Switch reads, then writes, behind the `billing_v2` flag',
    ],
    code: [
      '```sql',
      "ALTER TABLE invoices ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';",
      'CREATE INDEX invoices_customer ON invoices (customer_id, issued_at);',
      '```',
    ],
  },
  {
    title: 'Clean up stale feature flags',
    customer: 'initech',
    steps: [
      'List flags untouched for 90 days',
      'Open one pull request per service',
      'Remove the flags from the dashboard after merge',
    ],
    code: ['```bash', 'flagctl list --stale 90d --format json > stale.json', '```'],
  },
];

function renderPlan(
  title: string,
  steps: readonly string[],
  code: readonly string[],
  feedback: readonly string[],
) {
  const revision = feedback.length;
  const lines = [`# ${title}${revision ? ` (revision ${revision + 1})` : ''}`, ''];
  if (revision) {
    lines.push('Changes since the last version:', '');
    feedback.forEach((f, i) => lines.push(`${i + 1}. Addressed: _${f}_`));
    lines.push('');
  }
  lines.push('## Steps', '');
  steps.forEach((step) => lines.push(`- ${step}`));
  feedback.forEach((f) => lines.push(`- **New:** ${f}`));
  lines.push(
    '',
    '## Commands',
    '',
    ...code,
    '',
    'Estimated time: **40 minutes**, no downtime expected.',
  );
  return lines.join('\n');
}

export const planAgent: DemoAgent = (ctx) => {
  const s = pick(scenarios, ctx);
  return runScript(
    ctx,
    { title: s.title, customer: s.customer, metadata: { kind: 'plan' } },
    async (run) => {
      await run.work();
      await run.say('agent.step', 'Inspected the current setup and drafted a plan');
      const feedback: string[] = [];
      for (;;) {
        const answer = await run.ask({
          kind: 'plan',
          plan: renderPlan(s.title, s.steps, s.code, feedback),
        });
        if (answer.response.decision === 'approve') break;
        feedback.push(answer.response.feedback);
        await run.say('agent.revising', `Revising the plan: ${answer.response.feedback}`);
        if (feedback.length >= maxRevisions) {
          await run.stop('Too many revisions; handing this back to the team');
          return;
        }
        await run.work();
      }
      for (const step of [...s.steps, ...feedback]) {
        await run.work(500, 1500);
        await run.say('agent.step', `Done: ${step}`);
      }
      await run.complete('Plan carried out');
    },
  );
};
