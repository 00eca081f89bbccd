import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const m8tes = {
  kind: 'm8tes',
  name: 'm8tes production',
  secrets: { apiKey: 'm8_live_secret_key', webhookSecret: 'whsec_live_secret' },
};

async function createM8tes(body: Record<string, unknown> = m8tes) {
  const res = await t.call('POST', '/sources', { cookie: await t.asAdmin(), body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('GET /sources', () => {
  it('lists the native source without any secrets, for any role', async () => {
    await t.db
      .updateTable('sources')
      .set({ secrets: JSON.stringify({ apiKey: 'sk-secret' }) })
      .execute();
    const viewer = await t.userWithRole('viewer');
    const res = await t.call('GET', '/sources', { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: 'native',
          kind: 'native',
          name: 'Native API',
          createdAt: expect.any(String),
          baseUrl: null,
          settings: {},
          secretsSet: [],
          webhookUrl: null,
          health: {
            status: 'unknown',
            lastOkAt: null,
            lastError: null,
            lastErrorAt: null,
            lastPolledAt: null,
          },
        },
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('sk-secret');
  });

  it('is 401 anonymous', async () => {
    expect((await t.call('GET', '/sources')).status).toBe(401);
  });
});

describe('POST /sources', () => {
  it('creates a connector source whose secrets are write-only and encrypted at rest', async () => {
    const source = await createM8tes();
    expect(source).toMatchObject({
      id: expect.stringMatching(/^src_/),
      kind: 'm8tes',
      name: 'm8tes production',
      baseUrl: 'https://api.m8tes.ai/api/v2',
      settings: {},
      secretsSet: ['apiKey', 'webhookSecret'],
      webhookUrl: `http://localhost/api/v1/hooks/${source.id}`,
      health: { status: 'unknown' },
    });
    const list = await t.call('GET', '/sources', {
      cookie: (await t.userWithRole('viewer')).cookie,
    });
    const shown = JSON.stringify(list.body) + JSON.stringify(source);
    expect(shown).not.toContain('m8_live_secret_key');
    expect(shown).not.toContain('whsec_live_secret');
    const row = await t.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(row.secrets).not.toContain('m8_live_secret_key');
  });

  it('checks settings and secrets against the platform (422 names the field)', async () => {
    const cookie = await t.asAdmin();
    const noKey = await t.call('POST', '/sources', { cookie, body: { kind: 'm8tes', name: 'x' } });
    expect(noKey.status).toBe(422);
    expect(noKey.body.error.details).toHaveProperty('secrets.apiKey');
    const noOrg = await t.call('POST', '/sources', {
      cookie,
      body: {
        kind: 'dari',
        name: 'Dari',
        settings: { endpointName: 'forms' },
        secrets: { apiKey: 'k' },
      },
    });
    expect(noOrg.status).toBe(422);
    expect(noOrg.body.error.details).toHaveProperty('settings.orgId');
    const badUrl = await t.call('POST', '/sources', {
      cookie,
      body: { ...m8tes, baseUrl: 'ftp://x' },
    });
    expect(badUrl.status).toBe(422);
    const native = await t.call('POST', '/sources', { cookie, body: { ...m8tes, kind: 'native' } });
    expect(native.status).toBe(422);
  });

  it('is admin only', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.call('POST', '/sources', { cookie: reviewer.cookie, body: m8tes });
    expect(res.status).toBe(403);
  });
});

describe('PATCH /sources/:id', () => {
  it('replaces a sent secret, keeps an omitted one and removes a null one', async () => {
    const source = await createM8tes();
    const cookie = await t.asAdmin();
    const renamed = await t.call('PATCH', `/sources/${source.id}`, {
      cookie,
      body: {
        name: 'm8tes EU',
        secrets: { webhookSecret: null },
        settings: { userId: 'tenant_1' },
      },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'm8tes EU',
      secretsSet: ['apiKey'],
      settings: { userId: 'tenant_1' },
    });
    const replaced = await t.call('PATCH', `/sources/${source.id}`, {
      cookie,
      body: { secrets: { apiKey: 'm8_rotated_key' } },
    });
    expect(replaced.body.secretsSet).toEqual(['apiKey']);
    expect(JSON.stringify(replaced.body)).not.toContain('m8_rotated_key');
    const removeRequired = await t.call('PATCH', `/sources/${source.id}`, {
      cookie,
      body: { secrets: { apiKey: null } },
    });
    expect(removeRequired.status).toBe(422);
  });

  it('refuses to change the native source', async () => {
    const res = await t.call('PATCH', '/sources/native', {
      cookie: await t.asAdmin(),
      body: { name: 'x' },
    });
    expect(res.status).toBe(409);
  });
});

describe('DELETE /sources/:id', () => {
  it('removes the source from the list and from webhooks', async () => {
    const source = await createM8tes();
    const cookie = await t.asAdmin();
    expect((await t.call('DELETE', `/sources/${source.id}`, { cookie })).status).toBe(204);
    const list = await t.call('GET', '/sources', { cookie });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(['native']);
    expect((await t.call('POST', `/hooks/${source.id}`, { body: {} })).status).toBe(404);
    expect((await t.call('DELETE', `/sources/${source.id}`, { cookie })).status).toBe(404);
    expect((await t.call('DELETE', '/sources/native', { cookie })).status).toBe(409);
  });
});

describe('POST /hooks/:sourceId', () => {
  it('refuses unauthenticated pushes with 401 and unknown sources with 404', async () => {
    expect((await t.call('POST', '/hooks/native', { body: { any: 'thing' } })).status).toBe(401);
    expect((await t.call('POST', '/hooks/src_missing', { body: {} })).status).toBe(404);
    const source = await createM8tes();
    const unsigned = await t.call('POST', `/hooks/${source.id}`, {
      body: { event: 'run.awaiting_input' },
    });
    expect(unsigned.status).toBe(401);
  });
});
