import { randomBytes } from 'node:crypto';
import { isPostgres } from '../db/database';
import type { DbOrTrx, DeliveryKind, DeliveryRow, JobOutcome, JobStatus } from '../db/schema';
import { repliesOncePerGroup } from '../connectors/registry';
import { newId } from '../lib/ids';

/**
 * The outbox. A job is written in the same transaction as the answer (or stop) it carries, so an
 * acknowledged answer always has one. `dedupe_key` makes one job per answer. A worker claims a due job
 * by a conditional UPDATE that sets a lease (`locked_until`, `lease_token`); while the lease holds, no
 * other worker's claim matches the row, and only the lease holder can record the outcome. On PostgreSQL
 * the candidate SELECT is also `FOR UPDATE SKIP LOCKED` (see claimDueJobs).
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
 * Claims up to `limit` due jobs. Each claim is a compare-and-set on the lease columns as they were read,
 * so of several workers reading the same row only one UPDATE matches. A job whose previous lease simply
 * ran out (never released) was interrupted mid-send: it is claimed `inDoubt`.
 *
 * On PostgreSQL, where several processes share the queue, the candidates are read `FOR UPDATE SKIP
 * LOCKED` in the claiming transaction: rows another worker is claiming at that moment are passed over
 * rather than waited for, so concurrent workers take disjoint batches instead of contending for one.
 */
export async function claimDueJobs(
  db: DbOrTrx,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedJob[]> {
  if (!isPostgres(db)) return claimCandidates(db, options, false);
  if (db.isTransaction) return claimCandidates(db, options, true);
  return db.transaction().execute((trx) => claimCandidates(trx, options, true));
}

async function claimCandidates(
  db: DbOrTrx,
  options: { now: Date; leaseMs: number; limit: number },
  skipLocked: boolean,
): Promise<ClaimedJob[]> {
  const at = options.now.toISOString();
  const due = db
    .selectFrom('deliveries')
    .select(['id', 'locked_until'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .orderBy('next_attempt_at')
    .limit(options.limit);
  const candidates = await (skipLocked ? due.forUpdate().skipLocked() : due).execute();
  const claimed: ClaimedJob[] = [];
  for (const candidate of candidates) {
    const leaseToken = randomBytes(12).toString('hex');
    const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
    const result = await db
      .updateTable('deliveries')
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
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', candidate.id)
      .executeTakeFirstOrThrow();
    claimed.push({ ...row, leaseToken, inDoubt: candidate.locked_until !== null });
  }
  return claimed;
}

/**
 * Ends every lease at start-up. On the embedded database one server process owns the outbox, so a
 * lease still running belongs to a process that died; its jobs are re-claimed at once, as in doubt,
 * instead of after the lease runs out. Leases are shared between processes on PostgreSQL: never there.
 */
export async function releaseOrphanedLeases(db: DbOrTrx, now: Date): Promise<number> {
  const at = now.toISOString();
  const result = await db
    .updateTable('deliveries')
    .set({ locked_until: at })
    .where('status', '=', 'pending')
    .where('locked_until', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type JobUpdate = {
  status: JobStatus;
  outcome: JobOutcome | null;
  lastError: string | null;
  nextAttemptAt?: string;
};

/** Records an attempt's outcome and releases the lease; false when the lease was lost meanwhile. */
export async function settleJob(
  trx: DbOrTrx,
  job: Pick<ClaimedJob, 'id' | 'leaseToken'>,
  update: JobUpdate,
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('deliveries')
    .set({
      status: update.status,
      outcome: update.outcome,
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
