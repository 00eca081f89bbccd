import {
  policyOfRoute,
  routeRequest,
  routingPolicyProblems,
  type ExpiryPolicy,
  type OnExpiry,
  type RoutedRequest,
  type Routing,
} from '../../shared/teams';
import type { RequestKind } from '../../shared/requests';
import type { DbOrTrx, TeamRoutesTable } from '../db/schema';
import { invalid } from '../lib/api-error';
import { newId } from '../lib/ids';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';

type PolicyColumns = Pick<
  TeamRoutesTable,
  | 'expires_after_minutes'
  | 'remind_before_minutes'
  | 'on_expiry'
  | 'escalate_to_team_id'
  | 'escalate_expires_after_minutes'
>;

/**
 * A route's policy as the API shows it: only what was set, so routes saved before policies (and
 * routes without one) read exactly as they did.
 */
function policyFromRow(row: PolicyColumns): ExpiryPolicy {
  const policy: ExpiryPolicy = {};
  if (row.expires_after_minutes !== null) {
    policy.expiresAfterMinutes = Number(row.expires_after_minutes);
  }
  if (row.remind_before_minutes !== null) {
    policy.remindBeforeMinutes = Number(row.remind_before_minutes);
  }
  if (row.on_expiry !== null && row.on_expiry !== 'expire') {
    policy.onExpiry = row.on_expiry as OnExpiry;
  }
  if (row.escalate_to_team_id !== null) policy.escalateToGroupId = row.escalate_to_team_id;
  if (row.escalate_expires_after_minutes !== null) {
    policy.escalateExpiresAfterMinutes = Number(row.escalate_expires_after_minutes);
  }
  return policy;
}

function policyToRow(policy: ExpiryPolicy | undefined): PolicyColumns {
  const escalating = policy?.onExpiry === 'escalate';
  return {
    expires_after_minutes: policy?.expiresAfterMinutes ?? null,
    remind_before_minutes: policy?.remindBeforeMinutes ?? null,
    on_expiry: policy?.onExpiry ?? null,
    escalate_to_team_id: escalating ? (policy?.escalateToGroupId ?? null) : null,
    escalate_expires_after_minutes: escalating
      ? (policy?.escalateExpiresAfterMinutes ?? null)
      : null,
  };
}

/** The saved routing list, in order, its default group and the default route's policy. */
export async function readRouting(db: DbOrTrx): Promise<Routing> {
  const rows = await db.selectFrom('team_routes').selectAll().orderBy('position').execute();
  const fallback = rows.find((r) => Number(r.is_default) === 1);
  return {
    routes: rows
      .filter((r) => Number(r.is_default) === 0)
      .map((r) => ({
        sourceId: r.source_id,
        kind: r.kind as RequestKind | null,
        customer: r.customer,
        tool: r.tool,
        groupId: r.team_id,
        ...policyFromRow(r),
      })),
    defaultGroupId: fallback?.team_id ?? null,
    ...(fallback && Object.keys(policyFromRow(fallback)).length > 0
      ? { defaultPolicy: policyFromRow(fallback) }
      : {}),
  };
}

async function checkGroupsExist(db: DbOrTrx, routing: Routing) {
  const wanted = new Set(routing.routes.map((r) => r.groupId));
  if (routing.defaultGroupId !== null) wanted.add(routing.defaultGroupId);
  for (const policy of [...routing.routes, routing.defaultPolicy ?? {}]) {
    if (policy.escalateToGroupId) wanted.add(policy.escalateToGroupId);
  }
  if (wanted.size === 0) return;
  const found = await db
    .selectFrom('teams')
    .select('id')
    .where('id', 'in', [...wanted])
    .execute();
  const details: Record<string, string> = {};
  const exists = (id: string) => found.some((f) => f.id === id);
  routing.routes.forEach((route, index) => {
    if (!exists(route.groupId)) details[`routes.${index}.groupId`] = 'No such group';
    if (route.escalateToGroupId && !exists(route.escalateToGroupId)) {
      details[`routes.${index}.escalateToGroupId`] = 'No such group';
    }
  });
  if (routing.defaultGroupId !== null && !exists(routing.defaultGroupId)) {
    details.defaultGroupId = 'No such group';
  }
  const fallbackTarget = routing.defaultPolicy?.escalateToGroupId;
  if (fallbackTarget && !exists(fallbackTarget)) {
    details['defaultPolicy.escalateToGroupId'] = 'No such group';
  }
  if (Object.keys(details).length > 0) throw invalid(details);
}

/** Replaces the whole list at once (last write wins), audited with what it was before. */
export async function saveRouting(
  ctx: DomainContext,
  routing: Routing,
  origin: AuditOrigin,
): Promise<Routing> {
  const problems = routingPolicyProblems(routing);
  if (Object.keys(problems).length > 0) throw invalid(problems);
  return commit(ctx, async (trx, _emit, at) => {
    await checkGroupsExist(trx, routing);
    const before = await readRouting(trx);
    await trx.deleteFrom('team_routes').execute();
    const rows = routing.routes.map((route, position) => ({
      id: newId('rte'),
      position,
      is_default: 0,
      source_id: route.sourceId ?? null,
      kind: route.kind ?? null,
      customer: route.customer ?? null,
      tool: route.tool ?? null,
      team_id: route.groupId,
      ...policyToRow(route),
    }));
    if (routing.defaultGroupId !== null) {
      rows.push({
        id: newId('rte'),
        position: rows.length,
        is_default: 1,
        source_id: null,
        kind: null,
        customer: null,
        tool: null,
        team_id: routing.defaultGroupId,
        ...policyToRow(routing.defaultPolicy),
      });
    }
    if (rows.length > 0) await trx.insertInto('team_routes').values(rows).execute();
    const after = await readRouting(trx);
    await recordAudit(
      trx,
      origin,
      {
        action: 'routing.updated',
        summary: `${origin.actor} saved ${after.routes.length} route(s)`,
        targetType: 'routing',
        data: { before, after },
      },
      at,
    );
    return after;
  });
}

export type RoutedTo = { groupId: string | null; policy: ExpiryPolicy | null };

/**
 * The group a new request goes to and its route's expiry policy, read in the transaction that stores
 * the request (so the request keeps the policy it was routed with).
 */
export async function teamForNewRequest(db: DbOrTrx, request: RoutedRequest): Promise<RoutedTo> {
  const rows = await db.selectFrom('team_routes').select('id').limit(1).execute();
  if (rows.length === 0) return { groupId: null, policy: null };
  const routing = await readRouting(db);
  const preview = routeRequest(routing, request);
  if (preview.groupId === null) return { groupId: null, policy: null };
  return { groupId: preview.groupId, policy: policyOfRoute(routing, preview) };
}
