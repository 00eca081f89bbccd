import type { Request } from '../../shared/requests';
import { recordAudit, systemOrigin, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';
import { toRequest } from './mappers';
import { findRequestRow, setRequestDelivery } from './requests';
import { addTimelineEvent } from './timeline';
import { conflict } from '../lib/api-error';
import { findAnswerJob, rescheduleNow } from './outbox';

/** Retry now: makes a request's failed (or backing-off) delivery due at once, with a fresh budget of attempts. */
export async function retryDelivery(
  ctx: DomainContext,
  requestId: string,
  username: string,
  kick: () => void,
  origin: AuditOrigin = systemOrigin(username),
): Promise<Request> {
  await findRequestRow(ctx.db, requestId, 'all');
  const job = await findAnswerJob(ctx.db, requestId);
  if (!job) throw conflict('This request has no platform delivery to retry');
  if (job.status === 'delivered') throw conflict('This answer was already delivered');
  const request = await commit(ctx, async (trx, emit, at) => {
    if (!(await rescheduleNow(trx, job.id, at))) {
      throw conflict('A delivery attempt is in progress; wait for its outcome');
    }
    await setRequestDelivery(
      trx,
      emit,
      { id: requestId, runId: job.run_id },
      { status: 'pending' },
      at,
    );
    await addTimelineEvent(
      trx,
      {
        runId: job.run_id,
        requestId,
        type: 'request.delivery_retried',
        message: `${username} retried the delivery`,
        actor: username,
      },
      at,
    );
    await recordAudit(
      trx,
      origin,
      {
        action: 'request.delivery_retried',
        summary: `${username} retried the delivery of ${requestId}`,
        targetType: 'request',
        targetId: requestId,
        runId: job.run_id,
      },
      at,
    );
    await trx.updateTable('runs').set({ updated_at: at }).where('id', '=', job.run_id).execute();
    emit({ type: 'run.updated', runId: job.run_id, requestId: null });
    return toRequest(await findRequestRow(trx, requestId, 'all'));
  });
  kick();
  return request;
}
