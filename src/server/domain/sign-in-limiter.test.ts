import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { createSignInLimiter } from './sign-in-limiter';

const limits = { perUser: 3, perAddress: 5, windowMs: 60_000 };

describe('sign-in limiter', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it('blocks a username once it has used its tries, until its window ends', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) {
      expect(await limiter.reserve(db, 'alice', `10.0.0.${i}`, 1000)).toBeNull();
    }
    expect(await limiter.reserve(db, 'alice', '10.9.9.9', 1000)).toEqual({
      scope: 'user',
      retryAfterSeconds: 60,
    });
    expect(await limiter.reserve(db, 'alice', null, 31_000)).toEqual({
      scope: 'user',
      retryAfterSeconds: 30,
    });
    expect(await limiter.reserve(db, 'bob', '10.0.0.1', 1000)).toBeNull();
    expect(await limiter.reserve(db, 'alice', null, 61_000)).toBeNull();
  });

  it('blocks an address across usernames', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 5; i += 1) await limiter.reserve(db, `user${i}`, '203.0.113.9', 0);
    expect(await limiter.reserve(db, 'someone', '203.0.113.9', 10_000)).toEqual({
      scope: 'address',
      retryAfterSeconds: 50,
    });
    expect(await limiter.reserve(db, 'someone', '198.51.100.1', 10_000)).toBeNull();
  });

  it('gives a username its try back when its address refuses it', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 5; i += 1) await limiter.reserve(db, `user${i}`, '203.0.113.9', 0);
    for (let i = 0; i < 5; i += 1) await limiter.reserve(db, 'alice', '203.0.113.9', 0);
    const alice = await db
      .selectFrom('sign_in_failures')
      .select('count')
      .where('scope', '=', 'user')
      .where('key', '=', 'alice')
      .executeTakeFirst();
    expect(alice).toBeUndefined();
    expect(await limiter.reserve(db, 'alice', null, 0)).toBeNull();
  });

  it('lets only as many tries through as the limit when they arrive together', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => limiter.reserve(db, 'alice', `10.0.0.${i}`, 0)),
    );
    expect(answers.filter((a) => a === null)).toHaveLength(3);
    expect(answers.filter((a) => a?.scope === 'user')).toHaveLength(17);
  });

  it('forgets a username’s tries and gives the address its try back on the right password', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    await limiter.reserve(db, 'alice', '10.0.0.1', 0);
    await limiter.reserve(db, 'alice', '10.0.0.1', 0);
    await limiter.reserve(db, 'alice', '10.0.0.1', 0);
    await limiter.succeed(db, 'alice', '10.0.0.1');
    await limiter.reserve(db, 'alice', '10.0.0.1', 0);
    await limiter.reserve(db, 'alice', '10.0.0.1', 0);
    expect(await limiter.reserve(db, 'alice', null, 0)).toBeNull();
    const rows = await db.selectFrom('sign_in_failures').selectAll().orderBy('scope').execute();
    expect(rows.map((r) => [r.scope, r.count])).toEqual([
      ['address', 4],
      ['user', 3],
    ]);
  });

  it('never says to wait less than a second', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) await limiter.reserve(db, 'alice', null, 0);
    expect((await limiter.reserve(db, 'alice', null, 59_999))?.retryAfterSeconds).toBe(1);
  });

  it('starts a new window after one ends, and drops the windows that ended', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) await limiter.reserve(db, 'alice', '10.0.0.1', 0);
    await limiter.reserve(db, 'bob', '10.0.0.2', 0);
    expect(await limiter.reserve(db, 'alice', '10.0.0.1', 60_000)).toBeNull();
    const rows = await db.selectFrom('sign_in_failures').selectAll().orderBy('scope').execute();
    expect(rows.map((r) => [r.scope, r.key, Number(r.since_ms), r.count])).toEqual([
      ['address', '10.0.0.1', 60_000, 1],
      ['user', 'alice', 60_000, 1],
    ]);
  });

  it('counts the tries seen by every process sharing the database', async () => {
    const { db } = database;
    const one = createSignInLimiter(limits);
    const other = createSignInLimiter(limits);
    await one.reserve(db, 'alice', null, 0);
    await other.reserve(db, 'alice', null, 0);
    await one.reserve(db, 'alice', null, 0);
    expect(await other.reserve(db, 'alice', null, 0)).toEqual({
      scope: 'user',
      retryAfterSeconds: 60,
    });
  });
});
