import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/**
 * PostgreSQL only: text compares and sorts byte by byte, as on SQLite, whatever locale the database was
 * created with. Ids, ISO timestamps and the urgency key are ordered and paged as plain text, and `lower()`
 * folds ASCII only, as SQLite's does, so search matches the same rows on both.
 */
export const postgresCollationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type = 'text'
        and table_name not like 'kysely\\_%'
      order by table_name, ordinal_position`.execute(db);
    for (const { table_name: table, column_name: column } of rows) {
      await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(
        db,
      );
    }
  },
};
