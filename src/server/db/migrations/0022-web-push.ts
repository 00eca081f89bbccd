import type { Kysely, Migration } from 'kysely';

/**
 * Web Push: the server's VAPID key pair (one row, id `vapid`, the private key sealed with the secrets
 * key; the primary key makes concurrent first starts agree on one pair), and each user's push
 * subscriptions, one per browser (`endpoint` is unique: the same browser subscribing again updates it).
 */
export const webPushMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('push_vapid_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('private_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('push_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('endpoint', 'text', (c) => c.notNull().unique())
      .addColumn('p256dh', 'text', (c) => c.notNull())
      .addColumn('auth', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('push_subscriptions_user')
      .on('push_subscriptions')
      .column('user_id')
      .execute();
  },
};
