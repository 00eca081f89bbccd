import { sql } from 'kysely';
import { migrationProvider } from '../db/migrations/provider';
import type { Db } from '../db/schema';

export type CheckState = 'ok' | 'failing' | 'timeout';
export type DatabaseReadiness = { database: CheckState; migrations: CheckState };

let latestMigration: Promise<string> | null = null;

/** The newest migration this code knows; a database without it is not ready for this code. */
function expectedMigration(): Promise<string> {
  latestMigration ??= migrationProvider
    .getMigrations()
    .then((all) => Object.keys(all).sort().at(-1) ?? '');
  return latestMigration;
}

/**
 * One query answers both questions: the database answers (within the timeout), and it holds this code's
 * newest migration. A probe of a load balancer calls it every few seconds, so it stays this small.
 */
export async function checkDatabase(db: Db, timeoutMs: number): Promise<DatabaseReadiness> {
  const name = await expectedMigration();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const query = sql<{
    applied: number;
  }>`select count(*) as applied from kysely_migration where name = ${name}`
    .execute(db)
    .then(
      ({ rows }) => (Number(rows[0]?.applied) === 1 ? 'migrated' : 'behind'),
      (error: unknown) => (isMissingTable(error) ? 'behind' : 'failing'),
    );
  try {
    const outcome = await Promise.race([query, timedOut]);
    if (outcome === 'migrated') return { database: 'ok', migrations: 'ok' };
    if (outcome === 'behind') return { database: 'ok', migrations: 'failing' };
    return { database: outcome, migrations: outcome };
  } finally {
    clearTimeout(timer);
  }
}

/** The migrations table not existing means nothing was migrated yet, not that the database is down. */
function isMissingTable(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '42P01' || (typeof message === 'string' && message.includes('no such table'));
}
