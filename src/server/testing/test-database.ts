import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openPostgres, openSqlite, postgresClientConfig } from '../db/database';
import type { Db } from '../db/schema';
import { env, isPostgresUrl } from '../env';
import { EventBus } from '../events/bus';
import { startPostgresFeed } from '../events/postgres-feed';
import { createLogger } from '../lib/logger';

/** The PostgreSQL server the server tests run against, or undefined for in-memory SQLite. */
export const testPostgresUrl: string | undefined = isPostgresUrl(env.COUNTERSIGN_TEST_DATABASE_URL)
  ? env.COUNTERSIGN_TEST_DATABASE_URL
  : undefined;

export type TestDatabase = {
  db: Db;
  /** The fresh database's own URL when on PostgreSQL. */
  url: string | undefined;
  close(): Promise<void>;
};

/** A fresh, migrated database: in-memory SQLite, or a new PostgreSQL database copied from a template. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (!testPostgresUrl) {
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    return { db, url: undefined, close: () => db.destroy() };
  }
  const url = await createPostgresTestDatabase();
  const db = openPostgres(url, { maxConnections: 4 });
  return {
    db,
    url,
    async close() {
      await db.destroy();
      await dropPostgresTestDatabase(url);
    },
  };
}

export type TestBackend = {
  db: Db;
  bus: EventBus;
  /** Waits until the bus has announced every change committed so far (at once on SQLite). */
  eventsSettled(): Promise<void>;
  close(): Promise<void>;
};

/** A fresh database and a bus that announces its committed changes, as a server process has them. */
export async function openTestBackend(): Promise<TestBackend> {
  const database = await openTestDatabase();
  const bus = new EventBus();
  const feed = database.url
    ? await startPostgresFeed(database.db, database.url, bus, createLogger('error'))
    : null;
  return {
    db: database.db,
    bus,
    eventsSettled: async () => {
      await feed?.catchUp();
    },
    async close() {
      bus.close();
      await feed?.stop();
      await database.close();
    },
  };
}

/**
 * A new PostgreSQL database, migrated, for a server the test starts itself; drop it with
 * dropPostgresTestDatabase. Only when the tests run on PostgreSQL.
 */
export async function createPostgresTestDatabase(): Promise<string> {
  const base = baseOf(requirePostgres());
  const template = await ensureTemplate(base);
  const name = `${base.name}_t_${randomBytes(6).toString('hex')}`;
  await admin(base).query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
  return urlFor(base, name);
}

/**
 * Drops a test database once its connections are gone. A pool's sockets close a moment before their
 * server processes end, and ending another's process (WITH FORCE) needs rights a test role may lack.
 */
export async function dropPostgresTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const pool = admin(baseOf(requirePostgres()));
  for (let attempt = 0; ; attempt += 1) {
    try {
      await pool.query(`DROP DATABASE IF EXISTS ${quote(name)}`);
      return;
    } catch (error) {
      const inUse = (error as { code?: string }).code === '55006';
      if (!inUse || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Drops the template and any test databases a crashed run left behind, so the next run migrates afresh. */
export async function resetPostgresTestDatabases(url: string): Promise<void> {
  const base = baseOf(url);
  const client = new pg.Client(postgresClientConfig(url));
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_t\\_%' OR datname LIKE $1 || '\\_template%'`,
      [base.name],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${quote(datname)}`);
    }
  } finally {
    await client.end();
  }
}

type Base = { url: URL; name: string };

function requirePostgres(): string {
  if (!testPostgresUrl) throw new Error('COUNTERSIGN_TEST_DATABASE_URL is not a postgres:// URL');
  return testPostgresUrl;
}

function baseOf(url: string): Base {
  const parsed = new URL(url);
  return { url: parsed, name: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres' };
}

function urlFor(base: Base, name: string): string {
  const url = new URL(base.url);
  url.pathname = `/${name}`;
  return url.toString();
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

let adminPool: pg.Pool | null = null;

/** Connections to the base database for CREATE and DROP DATABASE; they let the test process exit. */
function admin(base: Base): pg.Pool {
  adminPool ??= new pg.Pool({
    ...postgresClientConfig(base.url.toString()),
    max: 2,
    allowExitOnIdle: true,
  });
  return adminPool;
}

let templateReady: Promise<string> | null = null;

/**
 * Migrating takes far longer than copying, so the migrations run once, into a template database that
 * each test database is created from. Test processes race to build it: an advisory lock lets one build
 * it under another name and rename it when complete, so the template's existence means it is whole.
 */
function ensureTemplate(base: Base): Promise<string> {
  templateReady ??= (async () => {
    const template = `${base.name}_template`;
    const client = await admin(base).connect();
    try {
      await client.query('SELECT pg_advisory_lock(7349021118)');
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_building`;
        await client.query(`DROP DATABASE IF EXISTS ${quote(building)}`);
        await client.query(`CREATE DATABASE ${quote(building)}`);
        const db = openPostgres(urlFor(base, building), { maxConnections: 1 });
        try {
          await migrateToLatest(db);
        } finally {
          await db.destroy();
        }
        await client.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(template)}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(7349021118)').catch(() => undefined);
      client.release();
    }
    return template;
  })();
  templateReady.catch(() => {
    templateReady = null;
  });
  return templateReady;
}

/**
 * The database for a server a test starts itself: on PostgreSQL a fresh one, whose URL goes to
 * startServer's `databaseUrl`; on SQLite undefined, as the server keeps it in its data directory.
 */
export async function createServerTestDatabase(): Promise<string | undefined> {
  return testPostgresUrl ? createPostgresTestDatabase() : undefined;
}

export async function dropServerTestDatabase(url: string | undefined): Promise<void> {
  if (url) await dropPostgresTestDatabase(url);
}

/** Opens the database a test's server used: its PostgreSQL database, or the SQLite file in its data directory. */
export function openServerDatabase(dataDir: string, url: string | undefined): Db {
  return url
    ? openPostgres(url, { maxConnections: 4 })
    : openSqlite(join(dataDir, 'countersign.db'));
}
