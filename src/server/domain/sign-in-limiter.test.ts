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

  it('blocks a username once it reaches its failures, until its window ends', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) await limiter.fail(db, 'alice', `10.0.0.${i}`, 1000);
    expect(await limiter.check(db, 'alice', '10.9.9.9', 1000)).toEqual({
      scope: 'user',
      retryAfterSeconds: 60,
    });
    expect(await limiter.check(db, 'alice', null, 31_000)).toEqual({
      scope: 'user',
      retryAfterSeconds: 30,
    });
    expect(await limiter.check(db, 'bob', '10.0.0.1', 1000)).toBeNull();
    expect(await limiter.check(db, 'alice', null, 61_000)).toBeNull();
  });

  it('blocks an address across usernames', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 5; i += 1) await limiter.fail(db, `user${i}`, '203.0.113.9', 0);
    expect(await limiter.check(db, 'someone', '203.0.113.9', 10_000)).toEqual({
      scope: 'address',
      retryAfterSeconds: 50,
    });
    expect(await limiter.check(db, 'someone', '198.51.100.1', 10_000)).toBeNull();
  });

  it('forgets a username’s failures once it signs in', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    await limiter.fail(db, 'alice', null, 0);
    await limiter.fail(db, 'alice', null, 0);
    await limiter.succeed(db, 'alice');
    await limiter.fail(db, 'alice', null, 0);
    await limiter.fail(db, 'alice', null, 0);
    expect(await limiter.check(db, 'alice', null, 0)).toBeNull();
  });

  it('never says to wait less than a second', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) await limiter.fail(db, 'alice', null, 0);
    expect((await limiter.check(db, 'alice', null, 59_999))?.retryAfterSeconds).toBe(1);
  });

  it('starts a new window after one ends, and drops the windows that ended', async () => {
    const { db } = database;
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) await limiter.fail(db, 'alice', '10.0.0.1', 0);
    await limiter.fail(db, 'alice', '10.0.0.1', 60_000);
    expect(await limiter.check(db, 'alice', null, 60_000)).toBeNull();
    const rows = await db.selectFrom('sign_in_failures').selectAll().orderBy('scope').execute();
    expect(rows.map((r) => [r.scope, Number(r.since_ms), r.count])).toEqual([
      ['address', 60_000, 1],
      ['user', 60_000, 1],
    ]);
  });

  it('counts the failures seen by every process sharing the database', async () => {
    const { db } = database;
    const one = createSignInLimiter(limits);
    const other = createSignInLimiter(limits);
    await one.fail(db, 'alice', null, 0);
    await other.fail(db, 'alice', null, 0);
    await one.fail(db, 'alice', null, 0);
    expect(await other.check(db, 'alice', null, 0)).toEqual({
      scope: 'user',
      retryAfterSeconds: 60,
    });
  });
});
