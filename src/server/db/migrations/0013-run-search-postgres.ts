import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/** Each text search reads through `lower(column) like '%word%'`: these are the columns it reads. */
const searched = [
  ['runs', 'title'],
  ['runs', 'customer'],
  ['runs', 'external_id'],
  ['requests', 'response'],
  ['requests', 'answered_by'],
] as const;

/**
 * PostgreSQL only: trigram indexes (pg_trgm) on what search reads, so a search for a word few runs hold
 * reads those runs instead of every run, as migration 0012 does for SQLite. pg_trgm ships with
 * PostgreSQL and is a trusted extension (a database owner may create it); where the role may not, the
 * migration leaves search as it was, a scan, rather than refuse to start the server.
 */
export const runSearchPostgresMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
    const indexes = searched
      .map(
        ([table, column]) =>
          `create index if not exists ${table}_${column}_trgm on ${table} using gin (lower(${column}) gin_trgm_ops);`,
      )
      .join('\n');
    // A PL/pgSQL block runs the attempt in a subtransaction, so a refusal leaves the migration's
    // transaction usable.
    await sql
      .raw(
        `do $$
        begin
          begin
            create extension if not exists pg_trgm;
          exception when insufficient_privilege or undefined_file then
            raise notice 'pg_trgm is not available: text search will read every run';
          end;
          if exists (select 1 from pg_extension where extname = 'pg_trgm') then
            ${indexes}
          end if;
        end $$`,
      )
      .execute(db);
  },
};
