import { describe, expect, it } from 'vitest';
import { draftFromMatch, scopeFromDraft } from './scope-draft';

const now = Date.parse('2026-03-01T00:00:00.000Z');

describe('scopeFromDraft', () => {
  it('reads values as JSON where they are JSON and as text otherwise, and merges pins per argument', () => {
    const result = scopeFromDraft(
      {
        pins: [
          { pointer: '/currency', op: 'eq', value: 'EUR' },
          { pointer: '/orderId', op: 'eq', value: '1042' },
          { pointer: '/country', op: 'in', value: 'DE, FR' },
          { pointer: '/amount', op: 'lte', value: '50' },
          { pointer: '/amount', op: 'gte', value: '1' },
        ],
        days: '30',
        maxUses: '',
      },
      now,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        match: {
          '/currency': { eq: 'EUR' },
          '/orderId': { eq: 1042 },
          '/country': { in: ['DE', 'FR'] },
          '/amount': { lte: 50, gte: 1 },
        },
        expiresAt: '2026-03-31T00:00:00.000Z',
        maxUses: null,
      },
    });
  });

  it('names each problem by its place in the form', () => {
    const result = scopeFromDraft(
      {
        pins: [
          { pointer: 'amount', op: 'lte', value: '5' },
          { pointer: '/amount', op: 'lte', value: 'lots' },
          { pointer: '/a', op: 'eq', value: '1' },
          { pointer: '/a', op: 'eq', value: '2' },
        ],
        days: '0',
        maxUses: '2.5',
      },
      now,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([
      'days',
      'maxUses',
      'pins.0.pointer',
      'pins.1.value',
      'pins.3.pointer',
    ]);
  });

  it('turns an empty scope into any input, no expiry, no limit, and back', () => {
    expect(scopeFromDraft({ pins: [], days: '', maxUses: '' }, now)).toEqual({
      ok: true,
      value: { match: null, expiresAt: null, maxUses: null },
    });
    const match = { '/a': { eq: { b: [1] } }, '/n': { in: [1, 2], lte: 9 } };
    const back = scopeFromDraft({ pins: draftFromMatch(match), days: '', maxUses: '' }, now);
    expect(back.ok && back.value.match).toEqual(match);
  });
});
