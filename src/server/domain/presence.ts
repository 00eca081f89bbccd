import type { RunPresence } from '../../shared/presence';
import type { User } from '../../shared/users';
import type { DbOrTrx } from '../db/schema';
import { commit, type Emit } from './commit';
import type { DomainContext } from './context';
import { findRunRow } from './lookups';

/** A page sends a heartbeat every 10 s while it is open; two missed ones and its viewer is gone. */
export const presenceTtlMs = 25_000;
/**
 * Runs one person can be shown viewing at once. Rows are keyed by run and person, both checked to exist,
 * so the table is bounded by people × this; a script opening every run pushes out its own oldest rows.
 */
export const maxRunsViewedAtOnce = 20;

/**
 * Drops every expired row, wherever it is, and announces the runs whose viewers changed. Any heartbeat
 * does this, so a viewer whose network went away disappears for the others at their next heartbeat.
 */
async function dropExpired(trx: DbOrTrx, emit: Emit, at: string): Promise<void> {
  const gone = await trx
    .deleteFrom('run_presence')
    .where('expires_at', '<=', at)
    .returning('run_id')
    .execute();
  announce(emit, gone);
}

function announce(emit: Emit, rows: readonly { run_id: string }[]): void {
  for (const runId of new Set(rows.map((row) => row.run_id)))
    emit({ type: 'presence.changed', runId, requestId: null });
}

async function othersViewing(
  db: DbOrTrx,
  runId: string,
  userId: string,
  at: string,
): Promise<RunPresence> {
  const rows = await db
    .selectFrom('run_presence')
    .innerJoin('users', 'users.id', 'run_presence.user_id')
    .select(['users.id', 'users.username'])
    .where('run_presence.run_id', '=', runId)
    .where('run_presence.user_id', '!=', userId)
    .where('run_presence.expires_at', '>', at)
    .orderBy('users.username')
    .execute();
  return { viewers: rows.map((row) => ({ id: row.id, username: row.username })) };
}

/**
 * Records that `user` has the run open for the next `presenceTtlMs` and returns who else does. Only a
 * change (someone new, someone expired) is announced on the stream; a heartbeat that changes nothing
 * writes no event.
 */
export async function markViewing(
  ctx: DomainContext,
  user: User,
  runId: string,
): Promise<RunPresence> {
  return commit(ctx, async (trx, emit, at) => {
    await findRunRow(trx, runId, 'all');
    await dropExpired(trx, emit, at);
    const expiresAt = new Date(Date.parse(at) + presenceTtlMs).toISOString();
    const refreshed = await trx
      .updateTable('run_presence')
      .set({ expires_at: expiresAt })
      .where('run_id', '=', runId)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (Number(refreshed.numUpdatedRows) === 0) {
      // Two tabs arriving at once both insert; the second only moves the expiry on.
      await trx
        .insertInto('run_presence')
        .values({ run_id: runId, user_id: user.id, expires_at: expiresAt })
        .onConflict((oc) =>
          oc.columns(['run_id', 'user_id']).doUpdateSet({ expires_at: expiresAt }),
        )
        .execute();
      emit({ type: 'presence.changed', runId, requestId: null });
      await dropOldest(trx, emit, user.id);
    }
    return othersViewing(trx, runId, user.id, at);
  });
}

async function dropOldest(trx: DbOrTrx, emit: Emit, userId: string): Promise<void> {
  const beyond = await trx
    .selectFrom('run_presence')
    .select('run_id')
    .where('user_id', '=', userId)
    .orderBy('expires_at', 'desc')
    .orderBy('run_id')
    .offset(maxRunsViewedAtOnce)
    .limit(1000)
    .execute();
  if (beyond.length === 0) return;
  await trx
    .deleteFrom('run_presence')
    .where('user_id', '=', userId)
    .where(
      'run_id',
      'in',
      beyond.map((row) => row.run_id),
    )
    .execute();
  announce(emit, beyond);
}

/** The person left the run (closed it, went elsewhere); the others are told at once. */
export async function leaveRun(ctx: DomainContext, user: User, runId: string): Promise<void> {
  await commit(ctx, async (trx, emit) => {
    await findRunRow(trx, runId, 'all');
    const gone = await trx
      .deleteFrom('run_presence')
      .where('run_id', '=', runId)
      .where('user_id', '=', user.id)
      .returning('run_id')
      .execute();
    announce(emit, gone);
  });
}
