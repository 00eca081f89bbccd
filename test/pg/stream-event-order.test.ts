import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/server/db/database';
import type { Db } from '../../src/server/db/schema';
import { recordStreamEvents } from '../../src/server/events/event-log';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';

let url: string;
let first: Db;
let second: Db;

beforeAll(async () => {
  url = await createPostgresTestDatabase();
  first = openPostgres(url, { maxConnections: 2 });
  second = openPostgres(url, { maxConnections: 2 });
});

afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  if (url) await dropPostgresTestDatabase(url);
});

const event = { type: 'run.created', runId: 'run_x', requestId: null } as const;
const at = '2026-03-01T10:00:00.000Z';

describe('stream event ids on PostgreSQL', () => {
  it('become visible in increasing order: a second writer waits for the first to commit', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recordedFirst!: () => void;
    const firstRecorded = new Promise<void>((resolve) => (recordedFirst = resolve));

    const earlier = first.transaction().execute(async (trx) => {
      const [recorded] = await recordStreamEvents(trx, [event], at);
      recordedFirst();
      await held;
      return Number(recorded!.id);
    });
    await firstRecorded;

    let laterDone = false;
    const later = second
      .transaction()
      .execute(async (trx) => Number((await recordStreamEvents(trx, [event], at))[0]!.id))
      .finally(() => {
        laterDone = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(laterDone).toBe(false);

    release();
    const [earlierId, laterId] = await Promise.all([earlier, later]);
    expect(laterId).toBeGreaterThan(earlierId);
  });
});
