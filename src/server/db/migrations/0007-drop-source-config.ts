import type { Kysely, Migration } from 'kysely';

/** `sources.config` was never read: settings and sealed secrets have their own columns since 0002. */
export const dropSourceConfigMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sources').dropColumn('config').execute();
  },
};
