import type { ExpressionBuilder } from 'kysely';
import { approvedInput, type RequestOf, type ToolResponse } from '../../shared/requests';
import { describeMatch, matchesPins, pinsForInput, type Match } from '../../shared/rule-match';
import { rememberDays, type Rule, type RuleEffect } from '../../shared/rules';
import type { Database, DbOrTrx, RuleRow } from '../db/schema';
import { invalid, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { fromJsonColumn, toJsonColumn } from '../lib/json-column';
import { recordAudit, type AuditOrigin } from './audit';
import { commit, type Emit } from './commit';
import type { DomainContext } from './context';
import { toRule } from './mappers';

export function describeRule(rule: Pick<RuleRow, 'tool' | 'customer' | 'match'>): string {
  const base = `${rule.tool} for ${rule.customer ?? 'all customers'}`;
  const pins = describeMatch(fromJsonColumn<Match>(rule.match));
  return pins ? `${base} where ${pins}` : base;
}

const day = 24 * 60 * 60 * 1000;

/** The bounds of a rule in words: ` (until 2026-05-01 12:00 UTC, at most 5 uses)`, or nothing. */
export function describeLimits(rule: Pick<RuleRow, 'expires_at' | 'max_uses'>): string {
  const limits: string[] = [];
  if (rule.expires_at) limits.push(`until ${rule.expires_at.slice(0, 16).replace('T', ' ')} UTC`);
  if (rule.max_uses !== null) {
    const uses = Number(rule.max_uses);
    limits.push(`at most ${uses} ${uses === 1 ? 'use' : 'uses'}`);
  }
  return limits.length ? ` (${limits.join(', ')})` : '';
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

/** A rule that may still decide at `at`: not paused, not expired, uses left. */
const inForce = (at: string) => (eb: ExpressionBuilder<Database, 'rules'>) =>
  eb.and([
    eb('paused_at', 'is', null),
    eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]),
    eb.or([eb('max_uses', 'is', null), eb('fired_count', '<', eb.ref('max_uses'))]),
  ]);

export type ToolCall = { tool: string; customer: string | null; input: unknown };

/**
 * Finds the rule that decides this call (countersign before approve, one for the customer before one
 * for all customers, then the oldest) and takes one of its uses. The use is taken by a conditional update that re-checks the cap,
 * expiry and pause on the row itself, so concurrent calls never take more uses than `max_uses`, on
 * SQLite and on PostgreSQL (where a blocked update re-reads the row its blocker committed).
 */
export async function claimMatchingRule(
  trx: DbOrTrx,
  call: ToolCall,
  at: string,
): Promise<RuleRow | undefined> {
  const rows = await trx
    .selectFrom('rules')
    .selectAll()
    .where('tool', '=', call.tool)
    .where((eb) =>
      call.customer === null
        ? eb('customer', 'is', null)
        : eb.or([eb('customer', 'is', null), eb('customer', '=', call.customer)]),
    )
    .where(inForce(at))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // The stricter decision wins: a call that a countersign rule matches waits for its approvers even
  // when an approve rule matches as well.
  const candidates = rows
    .filter((rule) => matchesPins(fromJsonColumn<Match>(rule.match), call.input))
    .sort(
      (a, b) =>
        Number(b.effect === 'countersign') - Number(a.effect === 'countersign') ||
        Number(b.customer !== null) - Number(a.customer !== null),
    );
  for (const rule of candidates) {
    const claimed = await trx
      .updateTable('rules')
      .set((eb) => ({ fired_count: eb('fired_count', '+', 1), last_fired_at: at }))
      .where('id', '=', rule.id)
      .where(inForce(at))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) {
      return { ...rule, fired_count: Number(rule.fired_count) + 1, last_fired_at: at };
    }
  }
  return undefined;
}

export type NewRule = {
  tool: string;
  customer: string | null;
  effect: RuleEffect;
  approvals: number | null;
  match: Match | null;
  expiresAt: string | null;
  maxUses: number | null;
  createdBy: string;
};

/** An expiry as the API stores it (UTC, milliseconds), refused unless it is still ahead. */
export function futureExpiry(expiresAt: string | null | undefined, at: string): string | null {
  if (!expiresAt) return null;
  const normalized = new Date(expiresAt).toISOString();
  if (normalized <= at) throw invalid({ expiresAt: 'Must be in the future' });
  return normalized;
}

const noPins = (match: Match | null | undefined) =>
  match && Object.keys(match).length > 0 ? match : null;

/** Inserts a rule unless one in force already has exactly this scope. */
export async function insertRule(
  trx: DbOrTrx,
  emit: Emit,
  input: NewRule,
  at: string,
): Promise<{ rule: RuleRow; created: boolean }> {
  const match = noPins(input.match);
  const matchText = match ? toJsonColumn(match) : null;
  const existing = await trx
    .selectFrom('rules')
    .selectAll()
    .where('tool', '=', input.tool)
    .where('effect', '=', input.effect)
    .where((eb) =>
      input.approvals === null
        ? eb('approvals', 'is', null)
        : eb('approvals', '=', input.approvals),
    )
    .where((eb) =>
      eb.and([
        input.customer === null ? eb('customer', 'is', null) : eb('customer', '=', input.customer),
        matchText === null ? eb('match', 'is', null) : eb('match', '=', matchText),
        input.expiresAt === null
          ? eb('expires_at', 'is', null)
          : eb('expires_at', '=', input.expiresAt),
        input.maxUses === null ? eb('max_uses', 'is', null) : eb('max_uses', '=', input.maxUses),
      ]),
    )
    .where(inForce(at))
    .executeTakeFirst();
  if (existing) return { rule: existing, created: false };
  const row: RuleRow = {
    id: newId('rule'),
    customer: input.customer,
    tool: input.tool,
    effect: input.effect,
    approvals: input.approvals,
    match: matchText,
    expires_at: input.expiresAt,
    max_uses: input.maxUses,
    paused_at: null,
    paused_by: null,
    created_by: input.createdBy,
    created_at: at,
    fired_count: 0,
    last_fired_at: null,
  };
  await trx.insertInto('rules').values(row).execute();
  emit({ type: 'rule.changed', runId: null, requestId: null });
  return { rule: row, created: true };
}

/**
 * The rule an approval with `remember` creates: the scope the admin set, or by default this run's
 * customer, the call's arguments pinned, for 30 days. A scope may widen to all customers but never
 * name another customer than the run's.
 */
export async function rememberedRule(
  trx: DbOrTrx,
  request: Pick<RequestOf<'tool'>, 'runId' | 'tool' | 'input'>,
  response: ToolResponse,
  createdBy: string,
  at: string,
): Promise<NewRule> {
  const run = await trx
    .selectFrom('runs')
    .select('customer')
    .where('id', '=', request.runId)
    .executeTakeFirstOrThrow();
  const scope = response.rememberScope;
  if (scope && scope.customer !== null && scope.customer !== run.customer) {
    throw invalid({
      'rememberScope.customer': run.customer
        ? `Remember for ${run.customer} or for all customers`
        : 'This run has no customer: remember for all customers',
    });
  }
  return {
    tool: request.tool,
    customer: scope ? scope.customer : run.customer,
    effect: 'approve',
    approvals: null,
    match:
      scope?.match !== undefined
        ? noPins(scope.match)
        : pinsForInput(approvedInput(request, response) ?? request.input),
    expiresAt:
      scope?.expiresAt !== undefined
        ? futureExpiry(scope.expiresAt, at)
        : new Date(Date.parse(at) + rememberDays * day).toISOString(),
    maxUses: scope?.maxUses ?? null,
    createdBy,
  };
}

/** What the audit keeps of a rule's scope. */
export const ruleScopeData = (rule: RuleRow) => ({
  tool: rule.tool,
  customer: rule.customer,
  effect: rule.effect,
  approvals: rule.approvals === null ? null : Number(rule.approvals),
  match: fromJsonColumn<Match>(rule.match),
  expiresAt: rule.expires_at,
  maxUses: rule.max_uses === null ? null : Number(rule.max_uses),
});

export type CreateRuleInput = Omit<
  NewRule,
  'createdBy' | 'expiresAt' | 'match' | 'maxUses' | 'approvals'
> & {
  approvals?: number | null;
  match?: Match | null;
  expiresAt?: string | null;
  maxUses?: number | null;
};

export async function createRule(
  ctx: DomainContext,
  input: CreateRuleInput,
  origin: AuditOrigin,
): Promise<Rule> {
  const approvals = input.approvals ?? null;
  if (input.effect === 'countersign' && approvals === null) {
    throw invalid({ approvals: 'Say how many people must approve: 2 to 5' });
  }
  if (input.effect === 'approve' && approvals !== null) {
    throw invalid({ approvals: 'Only a countersign rule takes approvals' });
  }
  return commit(ctx, async (trx, emit, at) => {
    const { rule, created } = await insertRule(
      trx,
      emit,
      {
        ...input,
        approvals,
        match: input.match ?? null,
        expiresAt: futureExpiry(input.expiresAt, at),
        maxUses: input.maxUses ?? null,
        createdBy: origin.actor,
      },
      at,
    );
    if (created) {
      await recordAudit(
        trx,
        origin,
        {
          action: 'rule.created',
          summary:
            rule.effect === 'countersign'
              ? `${origin.actor} required ${rule.approvals} approvals for ${describeRule(rule)}`
              : `${origin.actor} pre-approved ${describeRule(rule)}`,
          targetType: 'rule',
          targetId: rule.id,
          data: ruleScopeData(rule),
        },
        at,
      );
    }
    return toRule(rule);
  });
}

async function findRuleRow(trx: DbOrTrx, ruleId: string): Promise<RuleRow> {
  const rule = await trx
    .selectFrom('rules')
    .selectAll()
    .where('id', '=', ruleId)
    .executeTakeFirst();
  if (!rule) throw notFound('Rule');
  return rule;
}

/** Pauses a rule (it decides nothing until resumed) or resumes it; the same state again changes nothing. */
export async function setRulePaused(
  ctx: DomainContext,
  ruleId: string,
  paused: boolean,
  origin: AuditOrigin,
): Promise<Rule> {
  return commit(ctx, async (trx, emit, at) => {
    const rule = await findRuleRow(trx, ruleId);
    if ((rule.paused_at !== null) === paused) return toRule(rule);
    await trx
      .updateTable('rules')
      .set({ paused_at: paused ? at : null, paused_by: paused ? origin.actor : null })
      .where('id', '=', ruleId)
      .execute();
    await recordAudit(
      trx,
      origin,
      {
        action: paused ? 'rule.paused' : 'rule.resumed',
        summary: `${origin.actor} ${paused ? 'paused' : 'resumed'} the rule ${describeRule(rule)}`,
        targetType: 'rule',
        targetId: rule.id,
        data: ruleScopeData(rule),
      },
      at,
    );
    emit({ type: 'rule.changed', runId: null, requestId: null });
    return toRule(await findRuleRow(trx, ruleId));
  });
}

export async function deleteRule(
  ctx: DomainContext,
  ruleId: string,
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, emit, at) => {
    const rule = await findRuleRow(trx, ruleId);
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
          ...ruleScopeData(rule),
          createdBy: rule.created_by,
          firedCount: Number(rule.fired_count),
        },
      },
      at,
    );
    emit({ type: 'rule.changed', runId: null, requestId: null });
  });
}
