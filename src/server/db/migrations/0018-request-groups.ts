import type { Kysely, Migration } from 'kysely';

/** Requests an agent asks together share a group on their run: shown, decided and awaited together. */
export const requestGroupsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('requests').addColumn('group_key', 'text').execute();
    await db.schema
      .createIndex('requests_run_group')
      .on('requests')
      .columns(['run_id', 'group_key'])
      .execute();
  },
};
