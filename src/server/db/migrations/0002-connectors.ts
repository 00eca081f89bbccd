import type { Kysely, Migration } from 'kysely';

/**
 * Connector sources (settings, encrypted secrets, health, a connector-owned cursor), external ids on
 * runs and requests so webhook and poll of one pause meet on one row, and the delivery outbox.
 */
export const connectorsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const addToSources = (column: string, type: 'text', notNullDefault?: string) =>
      db.schema
        .alterTable('sources')
        .addColumn(column, type, (c) =>
          notNullDefault ? c.notNull().defaultTo(notNullDefault) : c,
        )
        .execute();
    await addToSources('base_url', 'text');
    await addToSources('settings', 'text', '{}');
    await addToSources('secrets', 'text');
    await addToSources('state', 'text', '{}');
    await addToSources('updated_at', 'text');
    await addToSources('deleted_at', 'text');
    await addToSources('last_ok_at', 'text');
    await addToSources('last_error', 'text');
    await addToSources('last_error_at', 'text');
    await addToSources('last_polled_at', 'text');

    await db.schema.alterTable('runs').addColumn('external_data', 'text').execute();
    await db.schema
      .createIndex('runs_source_external_unique')
      .unique()
      .on('runs')
      .columns(['source_id', 'external_id'])
      .where('source_id', '<>', 'native')
      .execute();

    await db.schema.alterTable('requests').addColumn('external_id', 'text').execute();
    await db.schema.alterTable('requests').addColumn('external_data', 'text').execute();
    await db.schema
      .createIndex('requests_run_external_unique')
      .unique()
      .on('requests')
      .columns(['run_id', 'external_id'])
      .where('external_id', 'is not', null)
      .execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('request_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('lease_token', 'text')
      .addColumn('last_error', 'text')
      .addColumn('outcome', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema
      .createIndex('deliveries_due')
      .on('deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('deliveries_request')
      .on('deliveries')
      .column('request_id')
      .execute();
  },
};
