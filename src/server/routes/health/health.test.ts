import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../db/migrations/provider';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function probe(app: TestApp['app'], path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe('GET /healthz and /readyz', () => {
  it('answer without a session, whatever Origin says, and are never cached', async () => {
    t = await createTestApp();
    const hostile = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
    const alive = await probe(t.app, '/healthz', hostile);
    expect(alive).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(alive.headers.get('Cache-Control')).toBe('no-store');
    const ready = await probe(t.app, '/readyz', hostile);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    expect(ready.headers.get('Cache-Control')).toBe('no-store');
  });

  it('is not ready while the database lacks the newest migration', async () => {
    t = await createTestApp();
    const newest = Object.keys(await migrationProvider.getMigrations())
      .sort()
      .at(-1);
    await t.db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', newest as never)
      .execute();
    const ready = await probe(t.app, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      error: {
        code: 'unavailable',
        message: 'Not ready: the database is not migrated to this version',
        details: { checks: { database: 'ok', migrations: 'failing' } },
        requestId: ready.headers.get('X-Request-Id'),
      },
    });
    expect((await probe(t.app, '/healthz')).status).toBe(200);
  });

  it('is not ready when the database cannot be reached', async () => {
    t = await createTestApp();
    const { app } = t;
    await t.close();
    t = null;
    const ready = await probe(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details.checks).toEqual({ database: 'failing', migrations: 'failing' });
    expect(ready.body.error.message).toBe(
      'Not ready: the database does not answer; the database is not migrated to this version',
    );
  });

  it('is not ready when the delivery worker has stopped', async () => {
    let alive = true;
    t = await createTestApp({ health: { deliveryWorkerAlive: () => alive } });
    expect((await probe(t.app, '/readyz')).body.checks.deliveryWorker).toBe('ok');
    alive = false;
    const ready = await probe(t.app, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details.checks).toEqual({
      database: 'ok',
      migrations: 'ok',
      deliveryWorker: 'failing',
    });
  });
});
