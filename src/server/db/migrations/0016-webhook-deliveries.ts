import type { Kysely, Migration } from 'kysely';

/**
 * The deliveries of signed webhooks whose platform names each one (m8tes's `Webhook-Id`), so a delivery
 * is taken once however late or often it arrives, and a restart does not forget it. Rows are pruned by
 * age (see domain/webhook-deliveries.ts).
 */
export const webhookDeliveriesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['source_id', 'delivery_id'])
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_sent_at')
      .on('webhook_deliveries')
      .column('sent_at')
      .execute();
  },
};
