import { requestKinds, type RequestKind } from '../../shared/requests';
import { finishedRunStatuses, type RunStatus } from '../../shared/runs';
import { isPostgres } from '../db/database';
import type { DbOrTrx } from '../db/schema';

const farFuture = '9999-12-31T23:59:59.999Z';

export function isFinished(status: RunStatus): boolean {
  return finishedRunStatuses.includes(status);
}

export function urgencyKey(nextExpiresAt: string | null, waitingSince: string | null): string {
  return `${nextExpiresAt ?? farFuture}|${waitingSince ?? farFuture}`;
}

/**
 * Recomputes what a run shows about its pending requests (status waiting/running, waitingSince,
 * next expiry, kinds) and stamps updatedAt. Call it inside the transaction that changed a request.
 *
 * On PostgreSQL, transactions changing the same run's requests run at once, and each would count the
 * pending requests without the others' uncommitted changes, the last to write leaving a wrong count.
 * Locking the run row first makes them recount one after another, each seeing the others' commits.
 */
export async function refreshRunState(trx: DbOrTrx, runId: string, at: string): Promise<void> {
  const select = trx.selectFrom('runs').select(['status']).where('id', '=', runId);
  const run = await (isPostgres(trx) ? select.forNoKeyUpdate() : select).executeTakeFirstOrThrow();
  const pending = await trx
    .selectFrom('requests')
    .select(['kind', 'created_at', 'expires_at', 'team_id', 'escalations'])
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .execute();

  const kinds = new Set(pending.map((r) => r.kind));
  const pendingKinds = requestKinds.filter((k: RequestKind) => kinds.has(k));
  const waitingSince = pending.reduce<string | null>(
    (min, r) => (min === null || r.created_at < min ? r.created_at : min),
    null,
  );
  const nextExpiresAt = pending.reduce<string | null>(
    (min, r) =>
      r.expires_at !== null && (min === null || r.expires_at < min) ? r.expires_at : min,
    null,
  );
  const status = isFinished(run.status) ? run.status : pending.length > 0 ? 'waiting' : 'running';

  await trx
    .updateTable('runs')
    .set({
      status,
      waiting_since: waitingSince,
      next_expires_at: nextExpiresAt,
      escalated_to_team_id: pending.find((r) => Number(r.escalations) > 0)?.team_id ?? null,
      pending_count: pending.length,
      pending_kinds: JSON.stringify(pendingKinds),
      urgency_key: urgencyKey(nextExpiresAt, waitingSince),
      updated_at: at,
    })
    .where('id', '=', runId)
    .execute();
}
