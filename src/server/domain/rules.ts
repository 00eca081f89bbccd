import type { Rule } from '../../shared/rules';
import type { DbOrTrx, RuleRow } from '../db/schema';
import type { PendingStreamEvent } from '../events/event-log';
import { notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';
import { toRule } from './mappers';

export function describeRule(rule: Pick<RuleRow, 'tool' | 'customer'>): string {
  return `${rule.tool} for ${rule.customer ?? 'all customers'}`;
}

export async function listRules(db: DbOrTrx): Promise<Rule[]> {
  const rows = await db
    .selectFrom('rules')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRule);
}

/** The rule that pre-approves `tool` for `customer`: one for that customer, else one for all customers. */
export async function findMatchingRule(
  trx: DbOrTrx,
  tool: string,
  customer: string | null,
): Promise<RuleRow | undefined> {
  const rows = await trx
    .selectFrom('rules')
    .selectAll()
    .where('tool', '=', tool)
    .where((eb) =>
      customer === null
        ? eb('customer', 'is', null)
        : eb.or([eb('customer', 'is', null), eb('customer', '=', customer)]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.find((r) => r.customer !== null) ?? rows[0];
}

/** Inserts a rule unless the same tool and customer are already covered by an identical one. */
export async function insertRule(
  trx: DbOrTrx,
  emit: (event: PendingStreamEvent) => void,
  input: { customer: string | null; tool: string; createdBy: string },
  at: string,
): Promise<{ rule: RuleRow; created: boolean }> {
  const existing = await trx
    .selectFrom('rules')
    .selectAll()
    .where('tool', '=', input.tool)
    .where((eb) =>
      input.customer === null ? eb('customer', 'is', null) : eb('customer', '=', input.customer),
    )
    .executeTakeFirst();
  if (existing) return { rule: existing, created: false };
  const row: RuleRow = {
    id: newId('rule'),
    customer: input.customer,
    tool: input.tool,
    created_by: input.createdBy,
    created_at: at,
    fired_count: 0,
    last_fired_at: null,
  };
  await trx.insertInto('rules').values(row).execute();
  emit({ type: 'rule.changed', runId: null, requestId: null });
  return { rule: row, created: true };
}

/** Counts one auto-approval by the rule. */
export async function noteRuleFired(trx: DbOrTrx, ruleId: string, at: string): Promise<void> {
  await trx
    .updateTable('rules')
    .set((eb) => ({ fired_count: eb('fired_count', '+', 1), last_fired_at: at }))
    .where('id', '=', ruleId)
    .execute();
}

export async function createRule(
  ctx: DomainContext,
  input: { customer: string | null; tool: string },
  origin: AuditOrigin,
): Promise<Rule> {
  return commit(ctx, async (trx, emit, at) => {
    const { rule, created } = await insertRule(
      trx,
      emit,
      { ...input, createdBy: origin.actor },
      at,
    );
    if (created) {
      await recordAudit(
        trx,
        origin,
        {
          action: 'rule.created',
          summary: `${origin.actor} pre-approved ${describeRule(rule)}`,
          targetType: 'rule',
          targetId: rule.id,
          data: { tool: rule.tool, customer: rule.customer },
        },
        at,
      );
    }
    return toRule(rule);
  });
}

export async function deleteRule(
  ctx: DomainContext,
  ruleId: string,
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, emit, at) => {
    const rule = await trx
      .selectFrom('rules')
      .selectAll()
      .where('id', '=', ruleId)
      .executeTakeFirst();
    if (!rule) throw notFound('Rule');
    await trx.deleteFrom('rules').where('id', '=', ruleId).execute();
    await recordAudit(
      trx,
      origin,
      {
        action: 'rule.deleted',
        summary: `${origin.actor} removed the rule ${describeRule(rule)}`,
        targetType: 'rule',
        targetId: rule.id,
        data: {
          tool: rule.tool,
          customer: rule.customer,
          createdBy: rule.created_by,
          firedCount: Number(rule.fired_count),
        },
      },
      at,
    );
    emit({ type: 'rule.changed', runId: null, requestId: null });
  });
}
