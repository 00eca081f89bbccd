import type { Kysely, Migration } from 'kysely';

/**
 * Slack: the one connected Slack app (its bot token and signing secret sealed with the secrets key), and
 * every message posted for a request (channel and ts), so each can be updated once the request is decided.
 */
export const slackMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('slack_integration')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('bot_token', 'text', (c) => c.notNull())
      .addColumn('signing_secret', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('slack_messages')
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('slack_messages_pk', ['request_id', 'channel', 'ts'])
      .execute();
  },
};
