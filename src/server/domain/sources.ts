import type { Source } from '../../shared/sources';
import type { DbOrTrx } from '../db/schema';
import { toSource } from './mappers';

export async function listSources(db: DbOrTrx): Promise<Source[]> {
  const rows = await db
    .selectFrom('sources')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSource);
}
