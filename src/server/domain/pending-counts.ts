import type { RequestKind } from '../../shared/requests';
import type { SourceKind } from '../../shared/sources';
import type { Db } from '../db/schema';

export type PendingCount = { kind: RequestKind; source: SourceKind; count: number };

/** Pending requests by kind and by the kind of platform their run came from, across all processes. */
export async function countPendingRequests(db: Db): Promise<PendingCount[]> {
  const rows = await db
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .innerJoin('sources', 'sources.id', 'runs.source_id')
    .select(['requests.kind as kind', 'sources.kind as source'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('requests.status', '=', 'pending')
    .groupBy(['requests.kind', 'sources.kind'])
    .execute();
  return rows.map((row) => ({ kind: row.kind, source: row.source, count: Number(row.count) }));
}
