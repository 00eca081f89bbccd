import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { bootstrap } from './bootstrap';
import { migrateToLatest, openSqlite } from './db/database';
import type { Db } from './db/schema';
import type { Logger } from './lib/logger';

const agentToken = 'cs_storage_test_token';

type Entry = { level: string; message: string; fields?: Record<string, unknown> };

describe('a database that cannot store anything more', () => {
  let dataDir: string;
  let db: Db;
  let logged: Entry[];
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-full-'));
    db = openSqlite(join(dataDir, 'countersign.db'));
    await migrateToLatest(db);
    await bootstrap(db, {
      adminPassword: 'full-disk-password',
      agentToken,
      at: new Date().toISOString(),
    });
    logged = [];
    const entry = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      logged.push({ level, message, fields });
    const logger: Logger = {
      debug: entry('debug'),
      info: entry('info'),
      warn: entry('warn'),
      error: entry('error'),
    };
    app = createApp({ db, logger });
  });

  afterEach(async () => {
    await db.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(
      `/api/v1${path}`,
      {
        method,
        headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );
    return {
      status: res.status,
      body: (await res.json()) as unknown,
    };
  };

  /** The file may not grow past its current size: the next pages a write needs fail with SQLITE_FULL. */
  async function fillTheDisk() {
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
  }

  it('answers 503 with the error shape and logs the first error, not the failed rollback', async () => {
    await fillTheDisk();
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    let stored: string | undefined;
    for (let i = 0; i < 1000 && !refused; i += 1) {
      const res = await call('POST', '/runs', { title: `Run ${i} ${'x'.repeat(480)}` });
      if (res.status === 201) stored = (res.body as { id: string }).id;
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.body).toEqual({
      error: {
        code: 'unavailable',
        message: 'The server cannot use its database right now; try again later',
        requestId: expect.any(String),
      },
    });

    const errors = logged.filter((e) => e.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const first = String(errors[0]!.fields?.error);
    expect(errors[0]!.message).toBe('Storage is failing');
    expect(first).toContain('database or disk is full');
    expect(JSON.stringify(logged)).not.toContain('cannot rollback');

    // Reads still work, and writes again once there is room.
    expect((await call('GET', `/runs/${stored}`)).status).toBe(200);
    await sql`pragma max_page_count = 1073741823`.execute(db);
    expect((await call('POST', '/runs', { title: 'After the disk was cleared' })).status).toBe(201);
  });
});
