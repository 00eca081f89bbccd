import type { Kysely, Migration } from 'kysely';

/**
 * Expiry policy per route: a default expiry, the reminder's lead, and what happens on expiry (expire,
 * deny, or escalate to another group with a new deadline). A request keeps the policy of the route
 * that took it (`expiry_policy`, JSON), so editing routes later changes nothing already routed;
 * `escalations` counts its escalations, `remind_at` is its own reminder time and `status_reason`
 * says why it ended as it did. A run keeps the group its oldest escalated pending request went to,
 * for the inbox's badge.
 */
export const expiryPolicyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const routes = [
      ['expires_after_minutes', 'integer'],
      ['remind_before_minutes', 'integer'],
      ['on_expiry', 'text'],
      ['escalate_to_team_id', 'text'],
      ['escalate_expires_after_minutes', 'integer'],
    ] as const;
    for (const [name, type] of routes) {
      await db.schema.alterTable('team_routes').addColumn(name, type).execute();
    }
    await db.schema.alterTable('requests').addColumn('expiry_policy', 'text').execute();
    await db.schema
      .alterTable('requests')
      .addColumn('escalations', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('requests').addColumn('remind_at', 'text').execute();
    await db.schema.alterTable('requests').addColumn('status_reason', 'text').execute();
    await db.schema.alterTable('runs').addColumn('escalated_to_team_id', 'text').execute();
  },
};
