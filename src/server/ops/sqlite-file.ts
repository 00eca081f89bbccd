import { existsSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

export type Sqlite = SqliteDatabase.Database;

/** Opens an existing SQLite file (never creates one), waiting up to 5 s for another writer. */
export function openExistingSqlite(file: string): Sqlite {
  if (!existsSync(file)) throw new Error(`There is no database at ${file}`);
  const db = new SqliteDatabase(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The application's tables (not SQLite's own, not the migrations' bookkeeping), by name. */
export function appTables(db: Sqlite): string[] {
  // Only ordinary tables: a search index (a virtual table and its shadow tables) is rebuilt, not copied.
  return db
    .prepare(
      `select name from pragma_table_list where schema = 'main' and type = 'table'
       and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'
       order by name`,
    )
    .pluck()
    .all() as string[];
}

export const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function rowCounts(db: Sqlite): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of appTables(db)) {
    counts[table] = db
      .prepare(`select count(*) from ${quoteName(table)}`)
      .pluck()
      .get() as number;
  }
  return counts;
}

/** SQLite's own consistency check: 'ok', or what is wrong. */
export function integrityProblems(db: Sqlite): string | null {
  const result = db.pragma('quick_check', { simple: true });
  return result === 'ok' ? null : String(result);
}

/** The migrations applied to this file, in order. */
export function appliedMigrations(db: Sqlite): string[] {
  const exists = db
    .prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get();
  if (!exists) return [];
  return db.prepare('select name from kysely_migration order by name').pluck().all() as string[];
}

/**
 * Throws unless no other connection has the file open: a server using it must be stopped before the
 * file is replaced or copied for good. SQLite grants an exclusive lock only when nobody else holds one.
 */
export function assertNotInUse(file: string, what: string): void {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(
        `${file} is in use (is the server running?): stop every process using it before ${what}.`,
      );
    }
    throw error;
  } finally {
    db.close();
  }
}
