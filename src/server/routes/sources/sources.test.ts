import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('GET /sources', () => {
  it('lists the native source without any secrets, for any role', async () => {
    await t.db
      .updateTable('sources')
      .set({ config: JSON.stringify({ apiKey: 'sk-secret' }) })
      .execute();
    const viewer = await t.userWithRole('viewer');
    const res = await t.call('GET', '/sources', { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [{ id: 'native', kind: 'native', name: 'Native API', createdAt: expect.any(String) }],
      nextCursor: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('sk-secret');
  });

  it('is 401 anonymous', async () => {
    expect((await t.call('GET', '/sources')).status).toBe(401);
  });
});

describe('POST /hooks/:sourceId', () => {
  it('refuses unauthenticated pushes with 401 and unknown sources with 404', async () => {
    expect((await t.call('POST', '/hooks/native', { body: { any: 'thing' } })).status).toBe(401);
    expect((await t.call('POST', '/hooks/src_missing', { body: {} })).status).toBe(404);
  });
});
