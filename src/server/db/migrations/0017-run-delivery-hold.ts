import type { Kysely, Migration } from 'kysely';

/**
 * Why a run's answers cannot be sent yet (its platform has not said where they go, as when Dari asks a
 * question without naming its job): they are kept, and sent once a later observation lifts the hold.
 */
export const runDeliveryHoldMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('runs').addColumn('delivery_hold', 'text').execute();
  },
};
