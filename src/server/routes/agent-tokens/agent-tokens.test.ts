import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentTokenSchema, issuedAgentTokenSchema } from '../../../shared/agent-tokens';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('agent tokens', () => {
  it('issues a token once, lists tokens without values or hashes, and revokes', async () => {
    const admin = await t.asAdmin();
    const issued = await t.call('POST', '/agent-tokens', {
      cookie: admin,
      body: { name: 'CI agent' },
    });
    expect(issued.status).toBe(201);
    const token = issuedAgentTokenSchema.parse(issued.body);
    expect(token).toMatchObject({ name: 'CI agent', sourceId: 'native', lastUsedAt: null });

    const run = await t.call('POST', '/runs', { token: token.token, body: { title: 'From CI' } });
    expect(run.status).toBe(201);

    const list = await t.call('GET', '/agent-tokens', { cookie: admin });
    expect(list.status).toBe(200);
    for (const item of list.body.items) {
      expect(Object.keys(agentTokenSchema.parse(item)).sort()).toEqual(Object.keys(item).sort());
      expect(item).not.toHaveProperty('token');
    }
    expect(JSON.stringify(list.body)).not.toContain(token.token);
    const listed = list.body.items.find((i: { id: string }) => i.id === token.id);
    expect(listed.lastUsedAt).not.toBeNull();

    expect((await t.call('DELETE', `/agent-tokens/${token.id}`, { cookie: admin })).status).toBe(
      204,
    );
    expect(
      (await t.call('POST', '/runs', { token: token.token, body: { title: 'x' } })).status,
    ).toBe(401);
  });

  it('keeps token management to admins', async () => {
    const reviewer = await t.userWithRole('reviewer');
    expect((await t.call('GET', '/agent-tokens', { cookie: reviewer.cookie })).status).toBe(403);
    expect(
      (await t.call('POST', '/agent-tokens', { cookie: reviewer.cookie, body: { name: 'x' } }))
        .status,
    ).toBe(403);
  });
});
