import type { DbOrTrx } from '../db/schema';
import { newId } from '../lib/ids';
import { toJsonColumn } from '../lib/json-column';

export type TimelineEntry = {
  runId: string;
  requestId?: string | null;
  type: string;
  message: string;
  data?: unknown;
  actor: string;
};

export async function addTimelineEvent(
  trx: DbOrTrx,
  entry: TimelineEntry,
  at: string,
): Promise<string> {
  const id = newId('evt');
  await trx
    .insertInto('timeline_events')
    .values({
      id,
      run_id: entry.runId,
      request_id: entry.requestId ?? null,
      type: entry.type,
      message: entry.message,
      data: entry.data === undefined ? null : toJsonColumn(entry.data),
      actor: entry.actor,
      created_at: at,
    })
    .execute();
  return id;
}
