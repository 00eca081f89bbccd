import { sql, type Kysely, type Migration } from 'kysely';
import { sequenceColumn } from './sequence-column';

const nativeSourceCreatedAt = '2026-01-01T00:00:00.000Z';

export const initialMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
    await db.schema
      .createIndex('sessions_expires_at')
      .on('sessions')
      .column('expires_at')
      .execute();

    await db.schema
      .createTable('sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('config', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('agent_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('source_id', 'text', (c) =>
        c.notNull().references('sources.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
      .addColumn('external_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('customer', 'text')
      .addColumn('live_url', 'text')
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('waiting_since', 'text')
      .addColumn('next_expires_at', 'text')
      .addColumn('pending_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pending_kinds', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('urgency_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('runs_updated').on('runs').columns(['updated_at', 'id']).execute();
    await db.schema
      .createIndex('runs_status_updated')
      .on('runs')
      .columns(['status', 'updated_at', 'id'])
      .execute();
    await db.schema
      .createIndex('runs_status_urgency')
      .on('runs')
      .columns(['status', 'urgency_key', 'id'])
      .execute();
    await db.schema
      .createIndex('runs_source_external')
      .on('runs')
      .columns(['source_id', 'external_id'])
      .execute();

    await db.schema
      .createTable('requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('answered_by', 'text')
      .addColumn('answered_at', 'text')
      .addColumn('response', 'text')
      .addColumn('delivery_status', 'text', (c) => c.notNull())
      .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('delivery_last_error', 'text')
      .execute();
    await db.schema
      .createIndex('requests_run_status_kind')
      .on('requests')
      .columns(['run_id', 'status', 'kind'])
      .execute();
    await db.schema
      .createIndex('requests_status_expires')
      .on('requests')
      .columns(['status', 'expires_at'])
      .execute();

    await db.schema
      .createTable('timeline_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('request_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('timeline_events_run')
      .on('timeline_events')
      .columns(['run_id', 'id'])
      .execute();

    await db.schema
      .createTable('rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer', 'text')
      .addColumn('tool', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rules_tool').on('rules').columns(['tool', 'customer']).execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
      .execute();
    await db.schema
      .createIndex('idempotency_keys_created')
      .on('idempotency_keys')
      .column('created_at')
      .execute();

    await db.schema
      .createTable('stream_events')
      .$call((table) => sequenceColumn(db, table, 'id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text')
      .addColumn('request_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await sql`insert into sources (id, kind, name, config, created_at)
      values ('native', 'native', 'Native API', null, ${nativeSourceCreatedAt})`.execute(db);
  },
};
