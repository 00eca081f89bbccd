import type { Rule } from '../../shared/rules';
import type { DbOrTrx, RuleRow } from '../db/schema';
import type { PendingStreamEvent } from '../events/record';
import { notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
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
): Promise<RuleRow> {
  const existing = await trx
    .selectFrom('rules')
    .selectAll()
    .where('tool', '=', input.tool)
    .where((eb) =>
      input.customer === null ? eb('customer', 'is', null) : eb('customer', '=', input.customer),
    )
    .executeTakeFirst();
  if (existing) return existing;
  const row: RuleRow = {
    id: newId('rule'),
    customer: input.customer,
    tool: input.tool,
    created_by: input.createdBy,
    created_at: at,
  };
  await trx.insertInto('rules').values(row).execute();
  emit({ type: 'rule.changed', runId: null, requestId: null });
  return row;
}

export async function createRule(
  ctx: DomainContext,
  input: { customer: string | null; tool: string },
  createdBy: string,
): Promise<Rule> {
  return commit(ctx, async (trx, emit, at) =>
    toRule(await insertRule(trx, emit, { ...input, createdBy }, at)),
  );
}

export async function deleteRule(ctx: DomainContext, ruleId: string): Promise<void> {
  await commit(ctx, async (trx, emit) => {
    const result = await trx.deleteFrom('rules').where('id', '=', ruleId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('Rule');
    emit({ type: 'rule.changed', runId: null, requestId: null });
  });
}
