import { SqliteAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * An auto-incrementing integer primary key: SQLite's AUTOINCREMENT (never reuses an id), an identity
 * column on PostgreSQL.
 */
export function sequenceColumn<T extends string, C extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, never>,
  column: C,
): CreateTableBuilder<T, C> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn(column, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
