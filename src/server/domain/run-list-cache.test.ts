import { afterEach, describe, expect, it } from 'vitest';
import { isPostgres } from '../db/database';
import { createTestApp, type TestApp } from '../testing/test-app';
import { listRuns } from './run-list';
import { cachedRunListPages, runListPage } from './run-list-cache';

let t: TestApp;
afterEach(() => t.close());

const query = { sort: 'activity', limit: 50 } as const;

describe('run list pages', () => {
  it('are the JSON of the list, and stay the same while nothing changes', async () => {
    t = await createTestApp();
    await t.createRun({ title: 'First' });
    const first = await runListPage(t.db, query);
    expect(first).toBe(JSON.stringify(await listRuns(t.db, query)));
    expect(await runListPage(t.db, query)).toBe(first);
    expect(JSON.parse(await runListPage(t.db, { ...query, limit: 1 })).items).toHaveLength(1);
  });

  it('follow every change to the database, announced or not', async () => {
    t = await createTestApp();
    const run = await t.createRun({ title: 'Before' });
    expect(JSON.parse(await runListPage(t.db, query)).items[0].title).toBe('Before');

    await t.db
      .updateTable('runs')
      .set({ title: 'Renamed quietly' })
      .where('id', '=', run.id)
      .execute();
    expect(JSON.parse(await runListPage(t.db, query)).items[0].title).toBe('Renamed quietly');

    await t.createRun({ title: 'Second' });
    const titles = JSON.parse(await runListPage(t.db, query)).items.map(
      (r: { title: string }) => r.title,
    );
    expect(titles).toEqual(['Second', 'Renamed quietly']);
  });

  it('serve GET /runs with the same body and type as before', async () => {
    t = await createTestApp();
    await t.createRun({ title: 'Listed' });
    const res = await t.app.request('/api/v1/runs?limit=5', {
      headers: { Cookie: await t.asAdmin() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(await listRuns(t.db, { sort: 'activity', limit: 5 }));
  });

  // Some 40 MB of JSON is built and measured: seconds of work on a busy two-core machine.
  it(
    'keep at most 16 MiB of pages, however large the runs make them',
    { timeout: 60_000 },
    async () => {
      t = await createTestApp();
      for (let i = 0; i < 10; i += 1) {
        await t.createRun({ title: `Heavy ${i}`, metadata: { notes: 'n'.repeat(200_000) } });
      }
      for (let limit = 10; limit < 30; limit += 1) {
        const page = await runListPage(t.db, { ...query, limit });
        expect(page.length).toBeGreaterThan(2_000_000);
      }
      const held = cachedRunListPages(t.db);
      expect(held.chars).toBeLessThanOrEqual(16 * 1024 * 1024);
      expect(held.pages).toBeLessThan(20);
      // PostgreSQL builds every page afresh and keeps none.
      if (!isPostgres(t.db)) expect(held.pages).toBeGreaterThan(0);
    },
  );
});
