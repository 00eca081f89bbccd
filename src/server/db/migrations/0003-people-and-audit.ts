import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';
import { sequenceColumn } from './sequence-column';

/**
 * Team use: disabled users, idle-expiring sessions that remember where they came from, how often each
 * rule fired, and the audit log, which the database itself keeps append-only.
 */
export const peopleAndAuditMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
    await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();

    await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('ip', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();

    await db.schema
      .alterTable('rules')
      .addColumn('fired_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('rules').addColumn('last_fired_at', 'text').execute();

    await db.schema
      .createTable('audit_log')
      .$call((table) => sequenceColumn(db, table, 'seq'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('target_type', 'text')
      .addColumn('target_id', 'text')
      .addColumn('run_id', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('audit_log_created').on('audit_log').column('created_at').execute();
    await db.schema
      .createIndex('audit_log_run')
      .on('audit_log')
      .columns(['run_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('audit_log_actor')
      .on('audit_log')
      .columns(['actor', 'seq'])
      .execute();

    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      for (const operation of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER audit_log_no_${operation.toLowerCase()} BEFORE ${operation} ON audit_log
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
           FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
           FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
        )
        .execute(db);
    }
  },
};
