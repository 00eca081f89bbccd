import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type Driver,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as KyselySqlite,
} from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/provider';
import type { Database, Db, DbOrTrx } from './schema';

/** Opens (or creates) a SQLite database: a file path or `:memory:`. */
export function openSqlite(filename: string): Db {
  const sqlite = new SqliteDatabase(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({
    dialect: new SqliteDialectKeepingFirstError(sqlite),
  });
}

/**
 * After some failures (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, …) SQLite has already rolled the
 * transaction back by itself; Kysely's ROLLBACK would then fail with "cannot rollback - no transaction
 * is active", and that error would replace the one that says what went wrong.
 */
class SqliteDialectKeepingFirstError extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) {
    super({ database: withStatementCache(sqlite) });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

const int8Oid = 20;

/**
 * Numbers as SQLite gives them: pg returns bigint (identity columns, count(*)) as strings, and
 * Countersign's counters and sequence numbers stay far below 2^53.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === int8Oid) return (value: string) => Number(value);
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

export type PostgresOptions = { maxConnections?: number };

/** Opens a pool on a PostgreSQL server (`postgres://user:password@host:port/database`). */
export function openPostgres(url: string, options: PostgresOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: pgTypes,
  });
  // An idle client losing its server (restart, network) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The settings a separate pg client (a LISTEN connection, an admin connection) should use. */
export function postgresClientConfig(url: string): pg.ClientConfig {
  return { connectionString: url, types: pgTypes };
}

export function isPostgres(db: DbOrTrx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function migrateToLatest(db: Db): Promise<void> {
  // Features are built side by side and land in any order, so a database may already hold a migration
  // numbered after one that arrives later; each migration touches only its own tables and columns.
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    throw new Error(`Database migration failed: ${reason}`, { cause: error });
  }
}

const statementCacheSize = 500;

/** Kysely prepares every query afresh; reusing prepared statements for repeated SQL saves that work on hot paths. */
function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqlite {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
