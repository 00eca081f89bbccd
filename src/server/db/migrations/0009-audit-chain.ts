import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';
import { entryHash, genesisHash } from '../../lib/audit-chain';
import { fromJsonColumn } from '../../lib/json-column';
import type { Database } from '../schema';

/** The triggers of 0003 that keep audit_log append-only, lifted only while the existing rows are chained. */
async function withAppendOnlyLifted(db: Kysely<unknown>, work: () => Promise<void>) {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw('DROP TRIGGER audit_log_no_update').execute(db);
    await work();
    await sql
      .raw(
        `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      )
      .execute(db);
    return;
  }
  await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change').execute(db);
  await work();
  await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change').execute(db);
}

/**
 * A tamper-evident audit log: each entry carries the hash of the one before and its own hash over both,
 * and a one-row head holds the newest hash. Entries written before this migration are chained here, in
 * the order they were written.
 */
export const auditChainMigration: Migration = {
  async up(untyped: Kysely<unknown>) {
    await untyped.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
    await untyped.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
    await untyped.schema
      .createTable('audit_chain_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();

    const db = untyped as unknown as Kysely<Database>;
    let prev = genesisHash;
    await withAppendOnlyLifted(untyped, async () => {
      for (let after = -1; ;) {
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(1000)
          .execute();
        for (const row of rows) {
          const hash = entryHash(prev, {
            createdAt: row.created_at,
            action: row.action,
            actor: row.actor,
            actorId: row.actor_id,
            targetType: row.target_type,
            targetId: row.target_id,
            runId: row.run_id,
            summary: row.summary,
            ip: row.ip,
            userAgent: row.user_agent,
            data: fromJsonColumn(row.data),
          });
          await db
            .updateTable('audit_log')
            .set({ prev_hash: prev, hash })
            .where('seq', '=', row.seq)
            .execute();
          prev = hash;
        }
        if (rows.length < 1000) break;
        after = Number(rows.at(-1)!.seq);
      }
    });
    await db.insertInto('audit_chain_head').values({ id: 1, hash: prev }).execute();
  },
};
