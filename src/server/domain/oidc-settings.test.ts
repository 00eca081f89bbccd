import { describe, expect, it } from 'vitest';
import { oidcConfigFrom, roleForGroups } from './oidc-settings';

const mapping = [
  { group: 'staff', role: 'viewer' },
  { group: 'ops', role: 'admin' },
  { group: 'review', role: 'reviewer' },
] as const;

describe('roleForGroups', () => {
  it('gives the highest role of the mapped groups', () => {
    expect(roleForGroups(mapping, ['staff', 'review'])).toBe('reviewer');
    expect(roleForGroups(mapping, ['ops', 'staff'])).toBe('admin');
    expect(roleForGroups(mapping, 'review')).toBe('reviewer');
  });

  it('finds nothing for unmapped, odd or inherited values', () => {
    expect(roleForGroups(mapping, ['other'])).toBeNull();
    expect(roleForGroups(mapping, undefined)).toBeNull();
    expect(roleForGroups(mapping, { ops: true })).toBeNull();
    expect(roleForGroups(mapping, ['__proto__', 'constructor', 1])).toBeNull();
  });
});

describe('oidcConfigFrom', () => {
  it('is off unless issuer, client id and secret are all set', () => {
    expect(
      oidcConfigFrom({ issuer: 'https://x', clientId: 'a', groupsClaim: 'groups' }),
    ).toBeNull();
    expect(
      oidcConfigFrom({ issuer: 'https://x', clientId: 'a', clientSecret: 's', groupsClaim: 'g' }),
    ).toEqual({ issuer: 'https://x', clientId: 'a', clientSecret: 's', groupsClaim: 'g' });
  });
});
