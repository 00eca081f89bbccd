import type { Request } from '../../shared/requests';
import type { User } from '../../shared/users';
import type { DbOrTrx, RequestRow } from '../db/schema';
import { ApiError, conflict, invalid } from '../lib/api-error';
import { recordAudit, type AuditOrigin } from './audit';
import { commit, type Emit } from './commit';
import type { DomainContext } from './context';
import { toRequest } from './mappers';
import { findRequestRow } from './requests';
import { addTimelineEvent } from './timeline';

/** Why a claim or release did not apply: the request was answered, or someone else holds it. */
function refusal(row: RequestRow, userId: string): ApiError {
  if (row.status !== 'pending')
    return conflict(`The request is ${row.status}; nobody can claim it`);
  if (row.assignee_id !== null && row.assignee_id !== userId) {
    return new ApiError(409, 'conflict', `${row.assignee_name ?? 'Someone'} is on it`, {
      assignee: row.assignee_name ?? '',
    });
  }
  return conflict('Nobody has claimed this request');
}

type Change = {
  action: 'request.claimed' | 'request.released' | 'request.reassigned';
  message: string;
  data: Record<string, unknown>;
};

async function record(
  trx: DbOrTrx,
  emit: Emit,
  row: RequestRow,
  change: Change,
  origin: AuditOrigin,
  at: string,
) {
  await addTimelineEvent(
    trx,
    {
      runId: row.run_id,
      requestId: row.id,
      type: change.action,
      message: change.message,
      data: change.data,
      actor: origin.actor,
    },
    at,
  );
  await recordAudit(
    trx,
    origin,
    {
      action: change.action,
      summary: change.message,
      targetType: 'request',
      targetId: row.id,
      runId: row.run_id,
      data: change.data,
    },
    at,
  );
  emit({ type: 'request.updated', runId: row.run_id, requestId: row.id });
}

/**
 * Takes a pending request for `user` in one conditional update, so of several claims at once exactly
 * one wins and the others learn who did. Claiming one's own request again changes nothing.
 */
export async function claimRequest(
  ctx: DomainContext,
  user: User,
  requestId: string,
  origin: AuditOrigin,
): Promise<Request> {
  return commit(ctx, async (trx, emit, at) => {
    const before = await findRequestRow(trx, requestId, 'all');
    if (before.assignee_id === user.id && before.status === 'pending') return toRequest(before);
    const updated = await trx
      .updateTable('requests')
      .set({ assignee_id: user.id, assignee_name: user.username, claimed_at: at, updated_at: at })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .where('assignee_id', 'is', null)
      .executeTakeFirst();
    const row = await findRequestRow(trx, requestId, 'all');
    if (Number(updated.numUpdatedRows) === 0) throw refusal(row, user.id);
    await record(
      trx,
      emit,
      row,
      { action: 'request.claimed', message: `${user.username} is on it`, data: {} },
      origin,
      at,
    );
    return toRequest(row);
  });
}

/** Gives a claimed request back; its assignee may, and so may an admin for anyone's claim. */
export async function releaseRequest(
  ctx: DomainContext,
  user: User,
  requestId: string,
  origin: AuditOrigin,
): Promise<Request> {
  return commit(ctx, async (trx, emit, at) => {
    const before = await findRequestRow(trx, requestId, 'all');
    let update = trx
      .updateTable('requests')
      .set({ assignee_id: null, assignee_name: null, claimed_at: null, updated_at: at })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .where('assignee_id', 'is not', null);
    if (user.role !== 'admin') update = update.where('assignee_id', '=', user.id);
    const updated = await update.executeTakeFirst();
    const row = await findRequestRow(trx, requestId, 'all');
    if (Number(updated.numUpdatedRows) === 0) throw refusal(row, user.id);
    await record(
      trx,
      emit,
      row,
      {
        action: 'request.released',
        message: `${user.username} released it`,
        data: { from: before.assignee_name },
      },
      origin,
      at,
    );
    return toRequest(row);
  });
}

/** An admin hands a pending request to a reviewer or admin, whoever held it. */
export async function reassignRequest(
  ctx: DomainContext,
  requestId: string,
  userId: string,
  origin: AuditOrigin,
): Promise<Request> {
  return commit(ctx, async (trx, emit, at) => {
    const target = await trx
      .selectFrom('users')
      .select(['id', 'username', 'role'])
      .where('id', '=', userId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!target || target.role === 'viewer') {
      throw invalid({ userId: 'Choose a reviewer or admin who can sign in' });
    }
    const before = await findRequestRow(trx, requestId, 'all');
    const updated = await trx
      .updateTable('requests')
      .set({
        assignee_id: target.id,
        assignee_name: target.username,
        claimed_at: at,
        updated_at: at,
      })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const row = await findRequestRow(trx, requestId, 'all');
    if (Number(updated.numUpdatedRows) === 0) throw refusal(row, target.id);
    await record(
      trx,
      emit,
      row,
      {
        action: 'request.reassigned',
        message: `${origin.actor} gave it to ${target.username}`,
        data: { from: before.assignee_name, to: target.username },
      },
      origin,
      at,
    );
    return toRequest(row);
  });
}
