import type { ToolResponse } from '../../shared/requests';
import type { User } from '../../shared/users';
import type { DbOrTrx, RequestRow } from '../db/schema';
import { ApiError } from '../lib/api-error';
import { toJsonColumn } from '../lib/json-column';
import { recordAudit, type AuditOrigin } from './audit';
import type { Emit } from './commit';
import { storedApprovals, type StoredApproval } from './mappers';
import { addTimelineEvent } from './timeline';

export type ApprovalOutcome =
  /** Someone answered, or it expired or was cancelled, first. */
  | { kind: 'not_pending' }
  | { kind: 'refused'; error: ApiError }
  /** Counted; the request waits for more approvers. */
  | { kind: 'counted' }
  /** The last approval needed: the caller answers the request with every approver. */
  | { kind: 'complete'; approvals: StoredApproval[] };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Counts one person's approval of a request a countersign rule holds. The request's row is locked
 * first (a conditional update), so two approvals at once are counted one after the other, each seeing
 * the other's: both count, exactly once, on SQLite and on PostgreSQL.
 */
export async function countApproval(
  trx: DbOrTrx,
  emit: Emit,
  row: RequestRow,
  response: ToolResponse,
  user: User,
  origin: AuditOrigin,
  at: string,
): Promise<ApprovalOutcome> {
  const locked = await trx
    .updateTable('requests')
    .set({ updated_at: at })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) === 0) return { kind: 'not_pending' };
  const fresh = await trx
    .selectFrom('requests')
    .select(['approvals', 'approvals_required'])
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow();
  const required = Number(fresh.approvals_required);
  const approvals = storedApprovals(fresh.approvals);
  const left = required - approvals.length;
  if (approvals.some((a) => a.userId === user.id)) {
    const error = new ApiError(
      409,
      'already_approved',
      `You already approved this request; it needs ${plural(left, 'more approval', 'more approvals')} from someone else`,
      { approvals: approvals.map((a) => a.by), required },
    );
    return { kind: 'refused', error };
  }
  const note = response.note?.trim();
  const next = [
    ...approvals,
    { by: user.username, userId: user.id, at, ...(note ? { note } : {}) },
  ];
  if (next.length >= required) return { kind: 'complete', approvals: next };

  await trx
    .updateTable('requests')
    .set({ approvals: toJsonColumn(next) })
    .where('id', '=', row.id)
    .execute();
  const message = `${user.username} approved (${next.length} of ${required}); waiting for ${plural(required - next.length, 'more person', 'more people')}`;
  await addTimelineEvent(
    trx,
    {
      runId: row.run_id,
      requestId: row.id,
      type: 'request.countersigned',
      message,
      data: { approvals: next.length, required, ...(note ? { note } : {}) },
      actor: user.username,
    },
    at,
  );
  await recordAudit(
    trx,
    origin,
    {
      action: 'request.countersigned',
      summary: `${message} (tool request ${row.id})`,
      targetType: 'request',
      targetId: row.id,
      runId: row.run_id,
      data: { approvals: next.length, required },
    },
    at,
  );
  emit({ type: 'request.updated', runId: row.run_id, requestId: row.id });
  emit({ type: 'run.updated', runId: row.run_id, requestId: null });
  return { kind: 'counted' };
}
