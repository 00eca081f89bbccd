import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamSchema } from '../../../shared/teams';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function newGroup(name: string, memberIds: string[] = []) {
  const res = await t.call('POST', '/groups', {
    cookie: await t.asAdmin(),
    body: { name, memberIds },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}

async function auditActions() {
  const res = await t.call('GET', '/audit', { cookie: await t.asAdmin() });
  return (res.body.items as { action: string }[]).map((e) => e.action);
}

describe('groups', () => {
  it('lets an admin create, rename, change members and remove a group, each audited', async () => {
    const admin = await t.asAdmin();
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    const support = await newGroup('Support', [alice.id]);
    expect(teamSchema.parse(support).members).toEqual([{ id: alice.id, username: alice.username }]);

    const changed = await t.call('PATCH', `/groups/${support.id}`, {
      cookie: admin,
      body: { name: 'Support EU', addMemberIds: [bob.id, bob.id], removeMemberIds: [alice.id] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Support EU',
      members: [{ id: bob.id, username: bob.username }],
    });

    const list = await t.call('GET', '/groups', { cookie: alice.cookie });
    expect(list.body.items.map((g: { name: string }) => g.name)).toEqual(['Support EU']);

    expect((await t.call('DELETE', `/groups/${support.id}`, { cookie: admin })).status).toBe(204);
    expect((await t.call('GET', '/groups', { cookie: admin })).body.items).toEqual([]);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['group.created', 'group.updated', 'group.deleted']),
    );
  });

  it('refuses a taken name, unknown members, reviewers, and unknown groups', async () => {
    const admin = await t.asAdmin();
    await newGroup('QA');
    const taken = await t.call('POST', '/groups', { cookie: admin, body: { name: 'QA' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/QA/);
    const unknown = await t.call('POST', '/groups', {
      cookie: admin,
      body: { name: 'Ops', memberIds: ['usr_nobody'] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('invalid');
    const reviewer = await t.userWithRole('reviewer');
    expect(
      (await t.call('POST', '/groups', { cookie: reviewer.cookie, body: { name: 'X' } })).status,
    ).toBe(403);
    expect(
      (await t.call('PATCH', '/groups/team_missing', { cookie: admin, body: { name: 'Y' } }))
        .status,
    ).toBe(404);
    expect((await t.call('DELETE', '/groups/__proto__', { cookie: admin })).status).toBe(404);
    expect(
      (await t.call('PATCH', '/groups/team_missing', { cookie: admin, body: {} })).status,
    ).toBe(422);
  });

  it('keeps a group that routes send to', async () => {
    const admin = await t.asAdmin();
    const qa = await newGroup('QA');
    await t.call('PUT', '/routes', { cookie: admin, body: { routes: [], defaultGroupId: qa.id } });
    const res = await t.call('DELETE', `/groups/${qa.id}`, { cookie: admin });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Routes send requests to QA/);
  });
});

describe('routes', () => {
  it('saves the ordered list, previews saved and unsaved lists, and audits the change', async () => {
    const admin = await t.asAdmin();
    const support = await newGroup('Support');
    const qa = await newGroup('QA');
    const routing = {
      routes: [
        { tool: 'deploy', groupId: qa.id },
        { customer: 'acme', groupId: qa.id },
        { kind: 'tool', groupId: support.id },
      ],
      defaultGroupId: support.id,
    };
    const saved = await t.call('PUT', '/routes', { cookie: admin, body: routing });
    expect(saved.status).toBe(200);
    expect((await t.call('GET', '/routes', { cookie: admin })).body).toEqual({
      routes: [
        { sourceId: null, kind: null, customer: null, tool: 'deploy', groupId: qa.id },
        { sourceId: null, kind: null, customer: 'acme', tool: null, groupId: qa.id },
        { sourceId: null, kind: 'tool', customer: null, tool: null, groupId: support.id },
      ],
      defaultGroupId: support.id,
    });

    const preview = (body: unknown) => t.call('POST', '/routes/preview', { cookie: admin, body });
    expect((await preview({ example: { kind: 'tool', tool: 'deploy' } })).body).toEqual({
      routeIndex: 0,
      groupId: qa.id,
    });
    expect((await preview({ example: { kind: 'tool', tool: 'refund' } })).body).toEqual({
      routeIndex: 2,
      groupId: support.id,
    });
    expect((await preview({ example: { kind: 'questions', customer: 'acme' } })).body).toEqual({
      routeIndex: 1,
      groupId: qa.id,
    });
    expect((await preview({ example: { kind: 'message' } })).body).toEqual({
      routeIndex: null,
      groupId: support.id,
    });
    // An unsaved list is tried without changing the saved one.
    const unsaved = { routes: [{ kind: 'message', groupId: qa.id }], defaultGroupId: null };
    expect((await preview({ routing: unsaved, example: { kind: 'message' } })).body).toEqual({
      routeIndex: 0,
      groupId: qa.id,
    });
    expect((await t.call('GET', '/routes', { cookie: admin })).body.routes).toHaveLength(3);
    expect(await auditActions()).toContain('routing.updated');
  });

  it('refuses routes to a group that does not exist', async () => {
    const res = await t.call('PUT', '/routes', {
      cookie: await t.asAdmin(),
      body: { routes: [{ kind: 'tool', groupId: 'team_gone' }], defaultGroupId: 'team_gone' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({
      'routes.0.groupId': 'No such group',
      defaultGroupId: 'No such group',
    });
  });
});
