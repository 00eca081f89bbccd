import type { StreamEvent, StreamEventType } from '../../shared/stream';
import type { DbOrTrx } from '../db/schema';

export type PendingStreamEvent = {
  type: StreamEventType;
  runId: string | null;
  requestId: string | null;
};

/** Writes stream events inside the caller's transaction; publish them on the bus only after it commits. */
export async function recordStreamEvents(
  trx: DbOrTrx,
  events: readonly PendingStreamEvent[],
  at: string,
): Promise<StreamEvent[]> {
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
    type: row.type as StreamEventType,
    runId: row.run_id,
    requestId: row.request_id,
    at: row.created_at,
  }));
}

export async function pruneStreamEvents(db: DbOrTrx, keep = 10_000): Promise<void> {
  const newest = await db
    .selectFrom('stream_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const maxId = Number(newest?.id ?? 0);
  if (maxId > keep)
    await db
      .deleteFrom('stream_events')
      .where('id', '<=', maxId - keep)
      .execute();
}
