import type { Kysely, Migration } from 'kysely';

/**
 * Failed sign-ins per username and per client address, in the database so that every server process
 * sharing it counts the same failures, and a restart does not forget them.
 */
export const signInFailuresMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_failures')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('since_ms', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sign_in_failures_pk', ['scope', 'key'])
      .execute();
    await db.schema
      .createIndex('sign_in_failures_since')
      .on('sign_in_failures')
      .column('since_ms')
      .execute();
  },
};
