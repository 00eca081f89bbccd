import { Hono } from 'hono';
import { checkDatabase, type CheckState } from '../../domain/readiness';
import type { AppEnv } from '../../http/app-env';

export type HealthOptions = {
  /** Whether this process's delivery worker still works; absent where no worker runs (tests' apps). */
  deliveryWorkerAlive?: () => boolean;
  /** How long the database may take to answer a probe. */
  databaseTimeoutMs?: number;
};

const noStore = { 'Cache-Control': 'no-store' };

const messages: Record<string, string> = {
  database: 'the database does not answer',
  migrations: 'the database is not migrated to this version',
  deliveryWorker: 'the delivery worker has stopped',
};

/**
 * Probes for load balancers and orchestrators, outside /api/v1 so no session, origin check or body
 * limit applies. `/healthz`: the process answers. `/readyz`: it can serve (database reachable and
 * migrated, delivery worker alive); 503 in the error shape otherwise, with each check's state.
 */
export function healthRoutes(options: HealthOptions = {}) {
  const timeoutMs = options.databaseTimeoutMs ?? 2_000;
  // Per handler, not as middleware: mounted at the root, a sub-app's middleware would see every path.
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }, 200, noStore))
    .get('/readyz', async (c) => {
      const checks: Record<string, CheckState> = {
        ...(await checkDatabase(c.get('deps').db, timeoutMs)),
      };
      if (options.deliveryWorkerAlive) {
        checks.deliveryWorker = options.deliveryWorkerAlive() ? 'ok' : 'failing';
      }
      const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
      if (failing.length === 0) return c.json({ status: 'ready', checks }, 200, noStore);
      const reasons = failing.map((name) => messages[name]).join('; ');
      return c.json(
        {
          error: {
            code: 'unavailable',
            message: `Not ready: ${reasons}`,
            details: { checks },
          },
        },
        503,
        noStore,
      );
    });
}
