import {
  claimLeasedJobs,
  releaseOrphanedLeases,
  settleLeasedJob,
  type ClaimOptions,
} from '../../db/leased-jobs';
import type { DbOrTrx, NotificationJobRow } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { NotificationEvent, Recipient } from './channel';

/**
 * The notification outbox, built like the delivery outbox (domain/outbox.ts): jobs are written in the
 * transaction of their event, `dedupe_key` (channel, event, request or run, recipient) keeps each to
 * one, and a worker claims due jobs under the same leases (db/leased-jobs.ts), so several processes
 * share the queue and a job is sent by one of them.
 */

export const notificationMaxAttempts = 8;

export async function enqueueNotificationJobs(
  trx: DbOrTrx,
  channel: string,
  event: NotificationEvent,
  recipients: readonly Recipient[],
  at: string,
): Promise<number> {
  let inserted = 0;
  for (const recipient of recipients) {
    const subject = event.requestId ?? `run:${event.runId}`;
    const result = await trx
      .insertInto('notification_jobs')
      .values({
        id: newId('ntf'),
        channel,
        event: event.name,
        recipient: recipient.id,
        dedupe_key: `${channel}:${event.name}:${subject}:${recipient.id}`,
        run_id: event.runId,
        request_id: event.requestId,
        status: 'pending',
        attempts: 0,
        max_attempts: notificationMaxAttempts,
        next_attempt_at: recipient.dueAt.toISOString(),
        locked_until: null,
        lease_token: null,
        last_error: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export type ClaimedNotification = NotificationJobRow & { leaseToken: string };

export async function claimNotificationJobs(
  db: DbOrTrx,
  options: ClaimOptions,
): Promise<ClaimedNotification[]> {
  const claims = await claimLeasedJobs(db, 'notification_jobs', options);
  const claimed: ClaimedNotification[] = [];
  for (const { id, leaseToken } of claims) {
    const row = await db
      .selectFrom('notification_jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    claimed.push({ ...row, leaseToken });
  }
  return claimed;
}

/** On the embedded database one process owns the queue: leases left at start-up belong to a dead one. */
export function releaseOrphanedNotificationLeases(db: DbOrTrx, now: Date): Promise<number> {
  return releaseOrphanedLeases(db, 'notification_jobs', now);
}

export type NotificationUpdate = {
  status: NotificationJobRow['status'];
  lastError: string | null;
  nextAttemptAt?: string;
};

/** Records an attempt's outcome; false when the lease was lost meanwhile. */
export function settleNotificationJob(
  db: DbOrTrx,
  job: Pick<ClaimedNotification, 'id' | 'leaseToken'>,
  update: NotificationUpdate,
  at: string,
): Promise<boolean> {
  return settleLeasedJob(db, 'notification_jobs', job, update, at);
}

/** Makes a failed job due now with a fresh budget; a job in flight or sent is left alone. */
export async function retryNotificationJob(db: DbOrTrx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('notification_jobs')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: at,
      max_attempts: eb('attempts', '+', notificationMaxAttempts),
      finished_at: null,
      updated_at: at,
    }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'pending'), eb('locked_until', 'is', null)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
