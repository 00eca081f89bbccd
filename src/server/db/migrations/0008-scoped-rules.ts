import type { Kysely, Migration } from 'kysely';

/**
 * Rules gain a scope: an effect, argument pins (JSON), an expiry, a cap on uses and a pause. Existing
 * rules become what they always were: `approve`, any input, no expiry, no cap.
 */
export const scopedRulesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('rules')
      .addColumn('effect', 'text', (c) => c.notNull().defaultTo('approve'))
      .execute();
    await db.schema.alterTable('rules').addColumn('match', 'text').execute();
    await db.schema.alterTable('rules').addColumn('expires_at', 'text').execute();
    await db.schema.alterTable('rules').addColumn('max_uses', 'integer').execute();
    await db.schema.alterTable('rules').addColumn('paused_at', 'text').execute();
    await db.schema.alterTable('rules').addColumn('paused_by', 'text').execute();
  },
};
