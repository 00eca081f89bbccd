import { sql } from 'kysely';
import type { StreamEvent, StreamEventType } from '../../shared/stream';
import { isPostgres } from '../db/database';
import type { DbOrTrx } from '../db/schema';

export type PendingStreamEvent = {
  type: StreamEventType;
  runId: string | null;
  requestId: string | null;
};

/** The LISTEN/NOTIFY channel on which PostgreSQL announces the newest stream event id. */
export const streamEventsChannel = 'countersign_stream_events';

/** Any fixed number: the key of the transaction lock that serialises stream event writers. */
const streamEventsLockKey = 7_349_021_117;

/**
 * Writes stream events inside the caller's transaction; publish them on the bus only after it commits.
 *
 * On PostgreSQL, ids come from a sequence, and concurrent transactions could commit them out of order: a
 * stream could send 11 and then find 10 committed behind it, and a client resuming after 11 would never
 * see 10. Writers therefore take one transaction lock before drawing ids, so ids become visible in
 * increasing order. The lock is held only from here to commit, as these inserts are a transaction's last
 * statements. The NOTIFY is delivered at commit, to every process listening (see postgres-feed.ts).
 */
export async function recordStreamEvents(
  trx: DbOrTrx,
  events: readonly PendingStreamEvent[],
  at: string,
): Promise<StreamEvent[]> {
  if (events.length === 0) return [];
  const postgres = isPostgres(trx);
  if (postgres) await sql`select pg_advisory_xact_lock(${streamEventsLockKey})`.execute(trx);
  const recorded: StreamEvent[] = [];
  for (const event of events) {
    const row = await trx
      .insertInto('stream_events')
      .values({
        type: event.type,
        run_id: event.runId,
        request_id: event.requestId,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    recorded.push({ id: String(row.id), ...event, at });
  }
  if (postgres) {
    await sql`select pg_notify(${streamEventsChannel}, ${recorded.at(-1)!.id})`.execute(trx);
  }
  return recorded;
}

export async function streamEventsAfter(
  db: DbOrTrx,
  afterId: number,
  limit = 1000,
): Promise<StreamEvent[]> {
  const rows = await db
    .selectFrom('stream_events')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    type: row.type,
    runId: row.run_id,
    requestId: row.request_id,
    at: row.created_at,
  }));
}

export async function latestStreamEventId(db: DbOrTrx): Promise<number> {
  const newest = await db
    .selectFrom('stream_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(newest?.id ?? 0);
}

export async function pruneStreamEvents(db: DbOrTrx, keep = 10_000): Promise<void> {
  const maxId = await latestStreamEventId(db);
  if (maxId > keep)
    await db
      .deleteFrom('stream_events')
      .where('id', '<=', maxId - keep)
      .execute();
}
