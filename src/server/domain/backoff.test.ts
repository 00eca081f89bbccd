import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const options = { baseMs: 1000, maxMs: 10_000 };

  it('doubles from the base and stops at the cap', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, options, middle))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('jitters by at most a fifth either way', () => {
    expect(backoffDelayMs(2, options, () => 0)).toBe(1600);
    expect(backoffDelayMs(2, options, () => 0.9999)).toBe(2400);
  });
});
