import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { createTestApp, type TestApp } from '../../testing/test-app';

const oidc = {
  issuer: 'https://login.example.com/realms/acme',
  clientId: 'countersign',
  clientSecret: 'very-secret-client-value',
  groupsClaim: 'groups',
};

let t: TestApp;
afterEach(() => t.close());

describe('single sign-on settings', () => {
  it('shows the issuer, client id and redirect URI, never the secret', async () => {
    t = await createTestApp({ oidc, publicUrl: 'https://cs.example.com/' });
    const reply = await t.call('GET', '/auth/oidc/settings', { cookie: await t.asAdmin() });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      configured: true,
      issuer: oidc.issuer,
      clientId: 'countersign',
      redirectUri: 'https://cs.example.com/api/v1/auth/oidc/callback',
      groupsClaim: 'groups',
      mapping: [],
    });
    expect(JSON.stringify(reply.body)).not.toContain(oidc.clientSecret);
  });

  it('says when it is not configured', async () => {
    t = await createTestApp({ oidc: null });
    const reply = await t.call('GET', '/auth/oidc/settings', { cookie: await t.asAdmin() });
    expect(reply.body).toMatchObject({ configured: false, issuer: null, clientId: null });
  });

  it('stores the mapping from groups to roles, replacing the previous one', async () => {
    t = await createTestApp({ oidc });
    const cookie = await t.asAdmin();
    await t.call('PUT', '/auth/oidc/role-mapping', {
      cookie,
      body: { mapping: [{ group: 'ops', role: 'admin' }] },
    });
    const mapping = [
      { group: 'reviewers', role: 'reviewer' },
      { group: '__proto__', role: 'viewer' },
    ];
    const put = await t.call('PUT', '/auth/oidc/role-mapping', { cookie, body: { mapping } });
    expect(put.status).toBe(200);
    const reply = await t.call('GET', '/auth/oidc/settings', { cookie });
    expect(reply.body.mapping).toEqual(mapping);
  });

  it('audits each save of the mapping with what it was before and after', async () => {
    t = await createTestApp({ oidc });
    const cookie = await t.asAdmin();
    const first = [{ group: 'ops', role: 'admin' }];
    const second = [{ group: 'reviewers', role: 'reviewer' }];
    await t.call('PUT', '/auth/oidc/role-mapping', { cookie, body: { mapping: first } });
    await t.call('PUT', '/auth/oidc/role-mapping', { cookie, body: { mapping: second } });
    const audit = await t.call('GET', '/audit?action=sso', { cookie });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toMatchObject([
      {
        action: 'sso.role_mapping_changed',
        actor: 'admin',
        summary: 'admin saved the single sign-on role mapping (reviewers → reviewer)',
        data: { before: first, after: second },
      },
      { action: 'sso.role_mapping_changed', data: { before: [], after: first } },
    ]);
  });

  it('stores nothing and audits nothing when the audit entry cannot be written', async () => {
    t = await createTestApp({ oidc, logger: createLogger('silent') });
    const cookie = await t.asAdmin();
    // The chain head gone: appending the entry fails, and the mapping written before it is rolled back.
    await t.db.deleteFrom('audit_chain_head').execute();
    const mapping = [{ group: 'ops', role: 'admin' }];
    const put = await t.call('PUT', '/auth/oidc/role-mapping', { cookie, body: { mapping } });
    expect(put.status).toBe(500);
    const stored = await t.db.selectFrom('settings').select('name').execute();
    expect(stored.map((r) => r.name)).not.toContain('oidc_role_mapping');
  });

  it('refuses a group listed twice or an unknown role', async () => {
    t = await createTestApp({ oidc });
    const cookie = await t.asAdmin();
    for (const mapping of [
      [
        { group: 'ops', role: 'admin' },
        { group: 'ops', role: 'viewer' },
      ],
      [{ group: 'ops', role: 'owner' }],
    ]) {
      const reply = await t.call('PUT', '/auth/oidc/role-mapping', { cookie, body: { mapping } });
      expect(reply.status).toBe(422);
      expect(reply.body.error.code).toBe('invalid');
    }
  });
});

describe('turning password sign-in off', () => {
  it('refuses passwords only when single sign-on is configured, and says how people sign in', async () => {
    t = await createTestApp({ oidc, passwordSignIn: false });
    const methods = await t.call('GET', '/auth/methods');
    expect(methods.body).toEqual({ password: false, oidc: true });
    const refused = await t.call('POST', '/session', {
      body: { username: 'admin', password: 'anything-at-all' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/single sign-on/);
    t.close();

    t = await createTestApp({ oidc: null, passwordSignIn: false });
    expect((await t.call('GET', '/auth/methods')).body).toEqual({ password: true, oidc: false });
    await expect(t.asAdmin()).resolves.toContain('cs_session=');
  });
});
