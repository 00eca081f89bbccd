import { randomBytes } from 'node:crypto';
import { isPostgres } from '../../db/database';
import type { DbOrTrx, NotificationJobRow } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { NotificationEvent, Recipient } from './channel';

/**
 * The notification outbox, built like the delivery outbox (domain/outbox.ts): jobs are written in the
 * transaction of their event, `dedupe_key` (channel, event, request or run, recipient) keeps each to
 * one, and a worker claims due jobs with a compare-and-set lease (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL), so several processes share the queue and a job is sent by one of them.
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

type ClaimOptions = {
  now: Date;
  leaseMs: number;
  limit: number;
  /** Only this channel's jobs for this recipient (to gather a digest). */
  of?: { channel: string; recipient: string };
};

export async function claimNotificationJobs(
  db: DbOrTrx,
  options: ClaimOptions,
): Promise<ClaimedNotification[]> {
  if (!isPostgres(db)) return claim(db, options, false);
  if (db.isTransaction) return claim(db, options, true);
  return db.transaction().execute((trx) => claim(trx, options, true));
}

async function claim(
  db: DbOrTrx,
  options: ClaimOptions,
  skipLocked: boolean,
): Promise<ClaimedNotification[]> {
  const at = options.now.toISOString();
  let due = db
    .selectFrom('notification_jobs')
    .select(['id', 'locked_until'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .orderBy('next_attempt_at')
    .limit(options.limit);
  if (options.of) {
    due = due
      .where('channel', '=', options.of.channel)
      .where('recipient', '=', options.of.recipient);
  }
  const candidates = await (skipLocked ? due.forUpdate().skipLocked() : due).execute();
  const claimed: ClaimedNotification[] = [];
  for (const candidate of candidates) {
    const leaseToken = randomBytes(12).toString('hex');
    const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
    const result = await db
      .updateTable('notification_jobs')
      .set((eb) => ({
        locked_until: lockedUntil,
        lease_token: leaseToken,
        attempts: eb('attempts', '+', 1),
        updated_at: at,
      }))
      .where('id', '=', candidate.id)
      .where('status', '=', 'pending')
      .where((eb) =>
        candidate.locked_until === null
          ? eb('locked_until', 'is', null)
          : eb('locked_until', '=', candidate.locked_until),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    const row = await db
      .selectFrom('notification_jobs')
      .selectAll()
      .where('id', '=', candidate.id)
      .executeTakeFirstOrThrow();
    claimed.push({ ...row, leaseToken });
  }
  return claimed;
}

/** On the embedded database one process owns the queue: leases left at start-up belong to a dead one. */
export async function releaseOrphanedNotificationLeases(db: DbOrTrx, now: Date): Promise<number> {
  const at = now.toISOString();
  const result = await db
    .updateTable('notification_jobs')
    .set({ locked_until: at })
    .where('status', '=', 'pending')
    .where('locked_until', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type NotificationUpdate = {
  status: NotificationJobRow['status'];
  lastError: string | null;
  nextAttemptAt?: string;
};

/** Records an attempt's outcome; false when the lease was lost meanwhile. */
export async function settleNotificationJob(
  db: DbOrTrx,
  job: Pick<ClaimedNotification, 'id' | 'leaseToken'>,
  update: NotificationUpdate,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_jobs')
    .set({
      status: update.status,
      last_error: update.lastError,
      locked_until: null,
      lease_token: null,
      updated_at: at,
      ...(update.nextAttemptAt ? { next_attempt_at: update.nextAttemptAt } : {}),
      ...(update.status === 'pending' ? {} : { finished_at: at }),
    })
    .where('id', '=', job.id)
    .where('lease_token', '=', job.leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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
