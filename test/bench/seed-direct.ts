import { join } from 'node:path';
import { migrateToLatest, openSqlite } from '../../src/server/db/database';
import { createRequest } from '../../src/server/domain/requests';
import { createRun } from '../../src/server/domain/runs';
import { EventBus } from '../../src/server/events/bus';
import type { SeededRun } from './seed';

/**
 * Waiting runs written straight into a data directory's database before the server starts, through the
 * server's own domain functions (the same transactions the API runs, without HTTP): seeding 10,000 runs
 * through the API would take about a minute of the bench's ten here.
 */
export async function seedWaitingRunsDirect(
  dataDir: string,
  count: number,
  titlePrefix: string,
): Promise<SeededRun[]> {
  const db = openSqlite(join(dataDir, 'countersign.db'));
  const seeded: SeededRun[] = [];
  try {
    await migrateToLatest(db);
    const ctx = { db, bus: new EventBus(), now: () => new Date() };
    const customers = ['cust_acme', 'cust_globex', 'cust_initech', 'cust_umbrella', 'cust_hooli'];
    for (let i = 0; i < count; i++) {
      const title = `${titlePrefix} ${String(i).padStart(5, '0')}`;
      const run = await createRun(ctx, 'native', {
        title,
        externalId: `ext-${i}`,
        customer: customers[i % customers.length],
      });
      const request = await createRequest(ctx, 'all', run.id, {
        kind: 'plan',
        plan: `## Plan ${i}\n\nRefund the order.`,
      });
      seeded.push({ runId: run.id, requestId: request.id, title });
    }
  } finally {
    await db.destroy();
  }
  return seeded;
}
