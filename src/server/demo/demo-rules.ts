import type { List } from '../../shared/common';
import type { CreateRule, Rule } from '../../shared/rules';
import type { DashboardSession } from './admin-session';

/** A refund over €100 needs two people: the demo's admin and reviewer accounts. */
export const demoCountersignRule: CreateRule = {
  tool: 'refund_order',
  customer: null,
  effect: 'countersign',
  approvals: 2,
  match: { '/amount': { gte: 100 } },
};

export async function ensureDemoRules(admin: DashboardSession): Promise<void> {
  const rules = await admin.json<List<Rule>>('GET', '/rules');
  const present = rules.items.some(
    (r) => r.effect === 'countersign' && r.tool === demoCountersignRule.tool,
  );
  if (!present) await admin.json<Rule>('POST', '/rules', demoCountersignRule);
}
