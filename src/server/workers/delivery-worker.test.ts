import { afterEach, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../connectors/registry';
import { EventBus } from '../events/bus';
import { createLogger } from '../lib/logger';
import { ephemeralSecretBox } from '../lib/secret-box';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { startDeliveryWorker } from './delivery-worker';

let database: TestDatabase | null = null;
afterEach(async () => {
  await database?.close();
  database = null;
});

async function worker(intervalMs: number) {
  database = await openTestDatabase();
  const runtime = {
    registry: defaultRegistry,
    http: fetch,
    secrets: ephemeralSecretBox(),
    kickDelivery: () => {},
  };
  const deps = {
    db: database.db,
    bus: new EventBus(),
    now: () => new Date(),
    runtime,
    logger: createLogger('silent'),
  };
  return startDeliveryWorker(deps, { intervalMs });
}

describe('delivery worker liveness', () => {
  it('is alive while it runs and not once stopped', async () => {
    const w = await worker(20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(w.alive()).toBe(true);
    await w.stop();
    expect(w.alive()).toBe(false);
  });

  it('is not alive while its passes fail, and alive again once one succeeds', async () => {
    const w = await worker(20);
    await database!.db.schema.alterTable('deliveries').renameTo('deliveries_away').execute();
    await expect.poll(() => w.alive(), { timeout: 5_000 }).toBe(false);
    await database!.db.schema.alterTable('deliveries_away').renameTo('deliveries').execute();
    await expect.poll(() => w.alive(), { timeout: 5_000 }).toBe(true);
    await w.stop();
  });
});
