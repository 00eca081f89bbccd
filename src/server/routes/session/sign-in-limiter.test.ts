import { describe, expect, it } from 'vitest';
import { createSignInLimiter } from './sign-in-limiter';

const limits = { perUser: 3, perAddress: 5, windowMs: 60_000 };

describe('sign-in limiter', () => {
  it('blocks a username once it reaches its failures, until its window ends', () => {
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) limiter.fail('alice', `10.0.0.${i}`, 1000);
    expect(limiter.check('alice', '10.9.9.9', 1000)).toEqual({
      scope: 'user',
      retryAfterSeconds: 60,
    });
    expect(limiter.check('alice', null, 31_000)).toEqual({ scope: 'user', retryAfterSeconds: 30 });
    expect(limiter.check('bob', '10.0.0.1', 1000)).toBeNull();
    expect(limiter.check('alice', null, 61_000)).toBeNull();
  });

  it('blocks an address across usernames', () => {
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 5; i += 1) limiter.fail(`user${i}`, '203.0.113.9', 0);
    expect(limiter.check('someone', '203.0.113.9', 10_000)).toEqual({
      scope: 'address',
      retryAfterSeconds: 50,
    });
    expect(limiter.check('someone', '198.51.100.1', 10_000)).toBeNull();
  });

  it('forgets a username’s failures once it signs in', () => {
    const limiter = createSignInLimiter(limits);
    limiter.fail('alice', null, 0);
    limiter.fail('alice', null, 0);
    limiter.succeed('alice');
    limiter.fail('alice', null, 0);
    limiter.fail('alice', null, 0);
    expect(limiter.check('alice', null, 0)).toBeNull();
  });

  it('never says to wait less than a second', () => {
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 3; i += 1) limiter.fail('alice', null, 0);
    expect(limiter.check('alice', null, 59_999)?.retryAfterSeconds).toBe(1);
  });
});
