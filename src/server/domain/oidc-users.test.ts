import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { upsertOidcUser } from './oidc-users';

let t: TestApp;
afterEach(() => t.close());

const client = { ip: '203.0.113.9', userAgent: 'test' };
const identity = (subject: string, name: string) => ({
  issuer: 'https://login.example.com',
  subject,
  name,
});

async function auditOf(username: string) {
  return t.db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'ip'])
    .where('actor', '=', username)
    .orderBy('seq')
    .execute();
}

describe('people from single sign-on', () => {
  it('gives a newcomer whose name is taken another one, and audits it under that name', async () => {
    t = await createTestApp();
    const first = await upsertOidcUser(t, identity('sub-1', 'admin'), 'viewer', client);
    expect(first.username).toMatch(/^admin-[A-Za-z0-9]{6}$/);
    expect(await auditOf(first.username)).toEqual([
      { action: 'user.created', actor: first.username, ip: client.ip },
    ]);
  });
});
