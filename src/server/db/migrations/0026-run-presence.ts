import type { Kysely, Migration } from 'kysely';

/**
 * Who has a run open: one row per run and person, kept alive by the page's heartbeats and gone when it
 * leaves or stops beating. A table rather than each process's memory, so every process answers alike.
 */
export const runPresenceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('run_presence')
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_presence_pk', ['run_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('run_presence_user')
      .on('run_presence')
      .columns(['user_id'])
      .execute();
    await db.schema
      .createIndex('run_presence_expiry')
      .on('run_presence')
      .columns(['expires_at'])
      .execute();
  },
};
