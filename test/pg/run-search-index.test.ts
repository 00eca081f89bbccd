import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openPostgres } from '../../src/server/db/database';
import type { Db } from '../../src/server/db/schema';
import { listRuns, runListSelect } from '../../src/server/domain/run-list';
import { runListQuerySchema } from '../../src/shared/runs';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';

let url: string;
let db: Db;

beforeAll(async () => {
  url = await createPostgresTestDatabase();
  db = openPostgres(url, { maxConnections: 2 });
  await migrateToLatest(db);
  // Enough finished runs that reading them all costs the planner more than the index does.
  await sql`insert into runs (id, source_id, external_id, title, status, customer, live_url, metadata,
      created_at, updated_at, waiting_since, next_expires_at, pending_count, pending_kinds, urgency_key)
    select 'run_' || lpad(n::text, 8, '0'), 'native', 'ext-' || n, 'Refund order ' || n, 'completed',
      'cust_' || (n % 50), null, '{}', to_char(timestamp '2026-01-01' + n * interval '1 minute',
      'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'), to_char(timestamp '2026-01-01' + n * interval '1 minute',
      'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'), null, null, 0, '[]', 'z'
    from generate_series(1, 30000) as n`.execute(db);
  await sql`update runs set title = 'Refund the zebracorn order' where id = 'run_00012345'`.execute(
    db,
  );
  // As autovacuum would: GIN keeps fresh rows in a pending list that the planner counts until then.
  await sql`vacuum analyze runs`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
  if (url) await dropPostgresTestDatabase(url);
});

async function plan(q: string): Promise<string> {
  const query = runListQuerySchema.parse({ q, asked: undefined });
  const compiled = (await runListSelect(db, query)).compile();
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
  );
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('text search on PostgreSQL', () => {
  it('has a trigram index for each column search reads', async () => {
    const { rows } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where indexname like '%_trgm' order by indexname`.execute(
      db,
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      'requests_answered_by_trgm',
      'requests_response_trgm',
      'runs_customer_trgm',
      'runs_external_id_trgm',
      'runs_title_trgm',
    ]);
  });

  it('finds a word one run holds through the indexes instead of reading every run', async () => {
    const page = await listRuns(db, runListQuerySchema.parse({ q: 'ZEBRACORN' }));
    expect(page.items.map((r) => r.id)).toEqual(['run_00012345']);
    const explained = await plan('zebracorn');
    expect(explained).toContain('runs_title_trgm');
    expect(explained).not.toMatch(/Seq Scan on runs/);
  });
});
