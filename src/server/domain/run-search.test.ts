import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../db/database';
import { adminPassword, createTestApp, toolRequest, type TestApp } from '../testing/test-app';
import { removeFinishedRuns } from './retention';

let t: TestApp;
afterEach(() => t?.close());

async function titles(cookie: string, query: string): Promise<string[]> {
  const res = await t.call('GET', `/runs?asked=1&${query}&limit=100`, { cookie });
  expect(res.status).toBe(200);
  return (res.body.items as { title: string }[]).map((r) => r.title).sort();
}

describe('searching runs', () => {
  it('finds runs by title, customer, external id and answers as they change, and no longer once removed', async () => {
    t = await createTestApp();
    let admin = await t.asAdmin();
    const made = [];
    for (const [title, customer, externalId] of [
      ['Refund the zebracorn order', 'cust_acme', 'ext-1'],
      ['Email Ülrich about 50%_off', 'cust_globex', 'ext-2'],
      ['Close ticket 7', 'cust_initech', 'zz-unique-ext'],
    ] as const) {
      const run = await t.createRun({ title, customer, externalId });
      made.push({ run, request: await t.createRequest(run.id, toolRequest()) });
    }
    const q = (text: string, answers = false) =>
      titles(admin, `q=${encodeURIComponent(text)}${answers ? '&search=answers' : ''}`);

    expect(await q('ZEBRACORN')).toEqual(['Refund the zebracorn order']);
    expect(await q('globex')).toEqual(['Email Ülrich about 50%_off']);
    expect(await q('unique-ext')).toEqual(['Close ticket 7']);
    // Wildcard characters are matched as themselves.
    expect(await q('50%_')).toEqual(['Email Ülrich about 50%_off']);
    expect(await q('0%x')).toEqual([]);
    expect(await q('lrich about')).toEqual(['Email Ülrich about 50%_off']);
    expect(await q('ch')).toEqual(['Close ticket 7', 'Email Ülrich about 50%_off']);

    // A new title is found and the old one no longer.
    expect(
      (await t.agent('PATCH', `/runs/${made[0]!.run.id}`, { title: 'Refund the unicorn order' }))
        .status,
    ).toBe(200);
    expect(await q('zebracorn')).toEqual([]);
    expect(await q('unicorn')).toEqual(['Refund the unicorn order']);

    // An answer's note is found by the answers search once given, not by the title search.
    const reviewer = await t.userWithRole('reviewer');
    const answered = await t.call('POST', `/requests/${made[2]!.request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'deny', note: 'Blueberry pancakes instead' },
    });
    expect(answered.status).toBe(200);
    expect(await q('blueberry', true)).toEqual(['Close ticket 7']);
    expect(await q('blueberry')).toEqual([]);
    expect(await q(reviewer.username, true)).toEqual(['Close ticket 7']);

    // Removed by retention, a run is found no more.
    expect(
      (await t.agent('PATCH', `/runs/${made[2]!.run.id}`, { status: 'completed' })).status,
    ).toBe(200);
    t.advanceClock(2 * 24 * 3600 * 1000);
    expect(await removeFinishedRuns({ db: t.db, now: t.now }, 1)).toBe(1);
    admin = await t.signIn('admin', adminPassword); // the session idled out meanwhile
    expect(await q('blueberry', true)).toEqual([]);
    // The next run may take the removed run's row id; its text replaces the removed one's.
    const fresh = await t.createRun({ title: 'Fresh blueberry muffins' });
    await t.createRequest(fresh.id, toolRequest());
    expect(await q('blueberry', true)).toEqual(['Fresh blueberry muffins']);
  });

  it('on SQLite, reads only the runs the trigram index names for a word few runs hold', async () => {
    const db = openSqlite(':memory:');
    try {
      await migrateToLatest(db);
      const { rows } = await sql<{ detail: string }>`explain query plan
        select runs.id from runs where runs.rowid in
          (select rowid from run_search where body like ${'%zebracorn%'})
        order by runs.updated_at desc limit 51`.execute(db);
      const plan = rows.map((r) => r.detail).join('\n');
      expect(plan).toMatch(/run_search VIRTUAL TABLE INDEX \d+:L/);
      expect(plan).not.toMatch(/SCAN runs\b(?! USING INTEGER PRIMARY KEY)/);
    } finally {
      await db.destroy();
    }
  });
});
