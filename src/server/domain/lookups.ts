import type { DbOrTrx, RunRow } from '../db/schema';
import { notFound } from '../lib/api-error';

/** Which runs a caller may see: everything for users, only its own source's runs for an agent. */
export type RunScope = { sourceId: string } | 'all';

export async function findRunRow(db: DbOrTrx, runId: string, scope: RunScope): Promise<RunRow> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row || (scope !== 'all' && row.source_id !== scope.sourceId)) throw notFound('Run');
  return row;
}
