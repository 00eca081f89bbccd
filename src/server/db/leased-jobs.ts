import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { isPostgres } from './database';
import type { DbOrTrx } from './schema';

/**
 * The queue mechanics the two outboxes share (answers to platforms in `deliveries`, notifications in
 * `notification_jobs`): a job is claimed with a compare-and-set on its lease columns as they were read,
 * so of several workers reading the same row only one UPDATE matches, and settled only by the holder of
 * its lease. On PostgreSQL, where several processes share a queue, candidates are read `FOR UPDATE SKIP
 * LOCKED` inside the claiming transaction, so concurrent workers take disjoint batches instead of
 * contending for one.
 */
export type LeasedTable = 'deliveries' | 'notification_jobs';

type LeaseColumns = {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  lease_token: string | null;
  last_error: string | null;
  updated_at: string;
  finished_at: string | null;
  channel: string;
  recipient: string;
};

/** Both tables seen through the columns they share, so one query serves either. */
type LeasedDb = Kysely<Record<LeasedTable, LeaseColumns>>;
const leased = (db: DbOrTrx) =>
  db as unknown as LeasedDb | Transaction<Record<LeasedTable, LeaseColumns>>;

export type ClaimOptions = {
  now: Date;
  leaseMs: number;
  limit: number;
  /** Only the jobs of this channel and recipient (notifications gathered into one digest). */
  of?: { channel: string; recipient: string };
};

/** A claimed job: its id, its lease, and whether a previous lease ran out on it (an interrupted send). */
export type Claim = { id: string; leaseToken: string; inDoubt: boolean };

export async function claimLeasedJobs(
  db: DbOrTrx,
  table: LeasedTable,
  options: ClaimOptions,
): Promise<Claim[]> {
  if (!isPostgres(db)) return claim(db, table, options, false);
  if (db.isTransaction) return claim(db, table, options, true);
  return db.transaction().execute((trx) => claim(trx, table, options, true));
}

async function claim(
  db: DbOrTrx,
  table: LeasedTable,
  options: ClaimOptions,
  skipLocked: boolean,
): Promise<Claim[]> {
  const q = leased(db);
  const at = options.now.toISOString();
  let due = q
    .selectFrom(table)
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
  const claimed: Claim[] = [];
  for (const candidate of candidates) {
    const leaseToken = randomBytes(12).toString('hex');
    const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
    const result = await q
      .updateTable(table)
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
    claimed.push({ id: candidate.id, leaseToken, inDoubt: candidate.locked_until !== null });
  }
  return claimed;
}

/**
 * Ends every lease at start-up. On the embedded database one server process owns the queues, so a
 * lease still running belongs to a process that died; its jobs are re-claimed at once, as in doubt,
 * instead of after the lease runs out. Leases are shared between processes on PostgreSQL: never there.
 */
export async function releaseOrphanedLeases(
  db: DbOrTrx,
  table: LeasedTable,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const result = await leased(db)
    .updateTable(table)
    .set({ locked_until: at })
    .where('status', '=', 'pending')
    .where('locked_until', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type Settlement = {
  status: string;
  lastError: string | null;
  nextAttemptAt?: string;
};

/**
 * Records an attempt's outcome and releases the lease (with the table's own columns in `extra`); false
 * when the lease was lost meanwhile and someone else now holds the job.
 */
export async function settleLeasedJob(
  db: DbOrTrx,
  table: LeasedTable,
  job: { id: string; leaseToken: string },
  update: Settlement,
  at: string,
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const result = await leased(db)
    .updateTable(table)
    .set({
      ...extra,
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
