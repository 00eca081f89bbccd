import { isPostgres } from '../db/database';
import {
  claimLeasedJobs,
  releaseOrphanedLeases as releaseOrphaned,
  settleLeasedJob,
} from '../db/leased-jobs';
import type { DbOrTrx, DeliveryKind, DeliveryRow, JobOutcome, JobStatus } from '../db/schema';
import { repliesOncePerGroup } from '../connectors/registry';
import { newId } from '../lib/ids';

/**
 * The outbox. A job is written in the same transaction as the answer (or stop) it carries, so an
 * acknowledged answer always has one. `dedupe_key` makes one job per answer. A worker claims a due job
 * by a conditional UPDATE that sets a lease (`locked_until`, `lease_token`); while the lease holds, no
 * other worker's claim matches the row, and only the lease holder can record the outcome. On PostgreSQL
 * the candidate SELECT is also `FOR UPDATE SKIP LOCKED` (db/leased-jobs.ts, shared with notifications).
 */

export const defaultMaxAttempts = 8;

/**
 * Queues the delivery of an answer: its own job, or its group's one reply when its platform takes one
 * per group. `batchOpen`: the request was answered (by a rule) while its group is still being stored,
 * so the group is complete only once the whole batch is in; the ingester queues the group after it.
 */
export async function enqueueAnswerDelivery(
  trx: DbOrTrx,
  target: { runId: string; requestId: string },
  at: string,
  options: { batchOpen?: boolean } = {},
): Promise<boolean> {
  const row = await trx
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .innerJoin('sources', 'sources.id', 'runs.source_id')
    .select(['requests.group_key', 'sources.kind'])
    .where('requests.id', '=', target.requestId)
    .executeTakeFirst();
  if (row?.group_key != null && repliesOncePerGroup(row.kind)) {
    return options.batchOpen ? false : enqueueGroupReply(trx, target.runId, row.group_key, at);
  }
  return enqueue(trx, 'answer', `answer:${target.requestId}`, target.runId, target.requestId, at);
}

function groupReplyKey(runId: string, group: string): string {
  return `group:${runId}:${group}`;
}

/**
 * Queues the one reply of a group whose platform takes one reply per group, once no member is pending
 * and at least one was answered (a group whose members all expired or were cancelled sends nothing,
 * like a single request that expires). Called whenever a member stops being pending: answered, expired
 * or cancelled by its platform. The job names the member that completed the group.
 *
 * Two reviewers deciding the last two members at once: each transaction changes its member, then locks
 * the run row here before reading the group. On PostgreSQL the second waits for the first to commit and
 * its read then sees the first's member decided, so exactly one of them finds none pending; `dedupe_key`
 * keeps it to one job even if both did. On SQLite writers are serialized anyway.
 */
export async function enqueueGroupReply(
  trx: DbOrTrx,
  runId: string,
  group: string,
  at: string,
): Promise<boolean> {
  const run = trx.selectFrom('runs').innerJoin('sources', 'sources.id', 'runs.source_id');
  const lock = run.select('sources.kind').where('runs.id', '=', runId);
  const owner = await (isPostgres(trx) ? lock.forUpdate('runs') : lock).executeTakeFirst();
  if (!owner || !repliesOncePerGroup(owner.kind)) return false;
  const members = await trx
    .selectFrom('requests')
    .select(['id', 'status'])
    .where('run_id', '=', runId)
    .where('group_key', '=', group)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (members.some((m) => m.status === 'pending')) return false;
  const answered = members.find((m) => m.status === 'answered');
  if (!answered) return false;
  return enqueue(trx, 'group', groupReplyKey(runId, group), runId, answered.id, at);
}

export async function enqueueStopDelivery(
  trx: DbOrTrx,
  runId: string,
  at: string,
): Promise<boolean> {
  return enqueue(trx, 'stop', `stop:${runId}`, runId, null, at);
}

/** Queues a job unless the run is native (native agents read their answers themselves). */
async function enqueue(
  trx: DbOrTrx,
  kind: DeliveryKind,
  dedupeKey: string,
  runId: string,
  requestId: string | null,
  at: string,
): Promise<boolean> {
  const run = await trx
    .selectFrom('runs')
    .select('source_id')
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  if (run.source_id === 'native') return false;
  const inserted = await trx
    .insertInto('deliveries')
    .values({
      id: newId('dlv'),
      kind,
      dedupe_key: dedupeKey,
      source_id: run.source_id,
      run_id: runId,
      request_id: requestId,
      status: 'pending',
      attempts: 0,
      max_attempts: defaultMaxAttempts,
      next_attempt_at: at,
      locked_until: null,
      lease_token: null,
      last_error: null,
      outcome: null,
      created_at: at,
      updated_at: at,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export type ClaimedJob = DeliveryRow & { leaseToken: string; inDoubt: boolean };

/**
 * Claims up to `limit` due jobs (see db/leased-jobs.ts). A job whose previous lease simply ran out
 * (never released) was interrupted mid-send: it is claimed `inDoubt`.
 */
export async function claimDueJobs(
  db: DbOrTrx,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedJob[]> {
  const claims = await claimLeasedJobs(db, 'deliveries', options);
  const claimed: ClaimedJob[] = [];
  for (const { id, leaseToken, inDoubt } of claims) {
    const row = await db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    claimed.push({ ...row, leaseToken, inDoubt });
  }
  return claimed;
}

/** Ends every delivery lease at start-up on the embedded database (see db/leased-jobs.ts). */
export function releaseOrphanedLeases(db: DbOrTrx, now: Date): Promise<number> {
  return releaseOrphaned(db, 'deliveries', now);
}

export type JobUpdate = {
  status: JobStatus;
  outcome: JobOutcome | null;
  lastError: string | null;
  nextAttemptAt?: string;
};

/** Records an attempt's outcome and releases the lease; false when the lease was lost meanwhile. */
export function settleJob(
  trx: DbOrTrx,
  job: Pick<ClaimedJob, 'id' | 'leaseToken'>,
  update: JobUpdate,
  at: string,
): Promise<boolean> {
  return settleLeasedJob(trx, 'deliveries', job, update, at, { outcome: update.outcome });
}

/** The job carrying a request's answer: its own, or its group's one reply. */
export async function findAnswerJob(
  db: DbOrTrx,
  requestId: string,
): Promise<DeliveryRow | undefined> {
  const own = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('dedupe_key', '=', `answer:${requestId}`)
    .executeTakeFirst();
  if (own) return own;
  const request = await db
    .selectFrom('requests')
    .select(['run_id', 'group_key'])
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (request?.group_key == null) return undefined;
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('dedupe_key', '=', groupReplyKey(request.run_id, request.group_key))
    .executeTakeFirst();
}

/**
 * Makes a failed (or backing-off) job due now with a fresh budget of attempts. A job in flight or already
 * delivered is left alone; returns whether it was rescheduled.
 */
export async function rescheduleNow(trx: DbOrTrx, jobId: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'pending',
      outcome: null,
      next_attempt_at: at,
      max_attempts: eb('attempts', '+', defaultMaxAttempts),
      finished_at: null,
      updated_at: at,
    }))
    .where('id', '=', jobId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'pending'), eb('locked_until', 'is', null)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
