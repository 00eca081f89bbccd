import { routeRequest, type RoutedRequest, type Routing } from '../../shared/teams';
import type { RequestKind } from '../../shared/requests';
import type { DbOrTrx } from '../db/schema';
import { invalid } from '../lib/api-error';
import { newId } from '../lib/ids';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';

/** The saved routing list, in order, and its default group. */
export async function readRouting(db: DbOrTrx): Promise<Routing> {
  const rows = await db.selectFrom('team_routes').selectAll().orderBy('position').execute();
  return {
    routes: rows
      .filter((r) => Number(r.is_default) === 0)
      .map((r) => ({
        sourceId: r.source_id,
        kind: r.kind as RequestKind | null,
        customer: r.customer,
        tool: r.tool,
        groupId: r.team_id,
      })),
    defaultGroupId: rows.find((r) => Number(r.is_default) === 1)?.team_id ?? null,
  };
}

async function checkGroupsExist(db: DbOrTrx, routing: Routing) {
  const wanted = new Set(routing.routes.map((r) => r.groupId));
  if (routing.defaultGroupId !== null) wanted.add(routing.defaultGroupId);
  if (wanted.size === 0) return;
  const found = await db
    .selectFrom('teams')
    .select('id')
    .where('id', 'in', [...wanted])
    .execute();
  const details: Record<string, string> = {};
  routing.routes.forEach((route, index) => {
    if (!found.some((f) => f.id === route.groupId))
      details[`routes.${index}.groupId`] = 'No such group';
  });
  if (routing.defaultGroupId !== null && !found.some((f) => f.id === routing.defaultGroupId)) {
    details.defaultGroupId = 'No such group';
  }
  if (Object.keys(details).length > 0) throw invalid(details);
}

/** Replaces the whole list at once (last write wins), audited with what it was before. */
export async function saveRouting(
  ctx: DomainContext,
  routing: Routing,
  origin: AuditOrigin,
): Promise<Routing> {
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

/** The group a new request goes to, read in the transaction that stores the request. */
export async function teamForNewRequest(
  db: DbOrTrx,
  request: RoutedRequest,
): Promise<string | null> {
  const rows = await db.selectFrom('team_routes').select('id').limit(1).execute();
  if (rows.length === 0) return null;
  return routeRequest(await readRouting(db), request).groupId;
}
