import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userSchema } from '../../../shared/users';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('users routes', () => {
  it('lets an admin create and list users, never showing password hashes', async () => {
    const admin = await t.asAdmin();
    const res = await t.call('POST', '/users', {
      cookie: admin,
      body: { username: 'alice', password: 'alice-password', role: 'reviewer' },
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'role', 'username']);
    expect(userSchema.parse(res.body)).toMatchObject({ username: 'alice', role: 'reviewer' });

    const list = await t.call('GET', '/users', { cookie: admin });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual([
      'admin',
      'alice',
    ]);
    for (const user of list.body.items)
      expect(Object.keys(user).sort()).toEqual([
        'activeSessions',
        'createdAt',
        'disabled',
        'email',
        'id',
        'lastSignInAt',
        'role',
        'username',
      ]);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/);

    expect(await t.signIn('alice', 'alice-password')).toMatch(/^cs_session=/);
  });

  it('validates new users and refuses a taken username', async () => {
    const admin = await t.asAdmin();
    const bad = await t.call('POST', '/users', {
      cookie: admin,
      body: { username: 'no spaces', password: 'short', role: 'owner' },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['password', 'role', 'username']);
    const taken = await t.call('POST', '/users', {
      cookie: admin,
      body: { username: 'admin', password: 'long-enough', role: 'viewer' },
    });
    expect(taken.status).toBe(409);
  });

  it('keeps user management to admins', async () => {
    const reviewer = await t.userWithRole('reviewer');
    expect((await t.call('GET', '/users', { cookie: reviewer.cookie })).status).toBe(403);
    const res = await t.call('POST', '/users', {
      cookie: reviewer.cookie,
      body: { username: 'mallory', password: 'mallory-password', role: 'admin' },
    });
    expect(res.status).toBe(403);
    expect((await t.call('GET', '/users')).status).toBe(401);
  });

  it('changes a role and a password, and signs the user out on a password change', async () => {
    const admin = await t.asAdmin();
    const user = await t.userWithRole('viewer');
    const promoted = await t.call('PATCH', `/users/${user.id}`, {
      cookie: admin,
      body: { role: 'reviewer' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('reviewer');
    expect((await t.call('GET', '/me', { cookie: user.cookie })).body.role).toBe('reviewer');

    await t.call('PATCH', `/users/${user.id}`, {
      cookie: admin,
      body: { password: 'a-new-password' },
    });
    expect((await t.call('GET', '/me', { cookie: user.cookie })).status).toBe(401);
    expect(await t.signIn(user.username, 'a-new-password')).toMatch(/^cs_session=/);
  });

  it('deletes users but keeps the last admin and yourself', async () => {
    const admin = await t.asAdmin();
    const me = (await t.call('GET', '/me', { cookie: admin })).body;
    expect((await t.call('DELETE', `/users/${me.id}`, { cookie: admin })).status).toBe(409);
    expect(
      (await t.call('PATCH', `/users/${me.id}`, { cookie: admin, body: { role: 'viewer' } }))
        .status,
    ).toBe(409);
    const user = await t.userWithRole('viewer');
    expect((await t.call('DELETE', `/users/${user.id}`, { cookie: admin })).status).toBe(204);
    expect((await t.call('GET', '/me', { cookie: user.cookie })).status).toBe(401);
    expect((await t.call('DELETE', `/users/${user.id}`, { cookie: admin })).status).toBe(404);
  });
});

describe('concurrent user creation', () => {
  it('gives one 201 and 409s for the same username at once', async () => {
    const admin = await t.asAdmin();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        t.call('POST', '/users', {
          cookie: admin,
          body: { username: 'twin', password: 'twin-password', role: 'viewer' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });
});

describe('disabling users and ending their sessions', () => {
  it('disables a user: sessions end at once, sign-in is refused, enabling lets them back', async () => {
    const admin = await t.asAdmin();
    const user = await t.userWithRole('reviewer');
    const res = await t.call('PATCH', `/users/${user.id}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, disabled: true, role: 'reviewer' });
    expect((await t.call('GET', '/me', { cookie: user.cookie })).status).toBe(401);

    const signIn = await t.call('POST', '/session', {
      body: { username: user.username, password: `${user.username}-password` },
    });
    expect(signIn.status).toBe(403);
    expect(signIn.body.error.message).toBe('This account is disabled. Ask an admin to enable it.');
    const wrongPassword = await t.call('POST', '/session', {
      body: { username: user.username, password: 'not-the-password' },
    });
    expect(wrongPassword.status).toBe(401);

    const list = await t.call('GET', '/users', { cookie: admin });
    expect(list.body.items.find((u: { id: string }) => u.id === user.id)).toMatchObject({
      disabled: true,
      activeSessions: 0,
    });

    await t.call('PATCH', `/users/${user.id}`, { cookie: admin, body: { disabled: false } });
    expect(await t.signIn(user.username, `${user.username}-password`)).toMatch(/^cs_session=/);
  });

  it('refuses to disable yourself or the last enabled admin', async () => {
    const admin = await t.asAdmin();
    const me = (await t.call('GET', '/me', { cookie: admin })).body;
    const self = await t.call('PATCH', `/users/${me.id}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('You cannot disable yourself');

    const other = await t.userWithRole('admin');
    await t.call('PATCH', `/users/${other.id}`, { cookie: admin, body: { disabled: true } });
    const demoteMe = await t.call('PATCH', `/users/${me.id}`, {
      cookie: admin,
      body: { role: 'reviewer' },
    });
    expect(demoteMe.status).toBe(409);
    expect(demoteMe.body.error.message).toBe('Keep at least one admin');
  });

  it('ends every session of a user on request, and counts live sessions', async () => {
    const admin = await t.asAdmin();
    const user = await t.userWithRole('viewer');
    const second = await t.signIn(user.username, `${user.username}-password`);
    const before = await t.call('GET', '/users', { cookie: admin });
    const listed = before.body.items.find((u: { id: string }) => u.id === user.id);
    expect(listed.activeSessions).toBe(2);
    expect(listed.lastSignInAt).toEqual(expect.any(String));

    const res = await t.call('DELETE', `/users/${user.id}/sessions`, { cookie: admin });
    expect(res.status).toBe(204);
    for (const cookie of [user.cookie, second]) {
      expect((await t.call('GET', '/me', { cookie })).status).toBe(401);
    }
    expect((await t.call('GET', '/me', { cookie: admin })).status).toBe(200);
    expect((await t.call('DELETE', '/users/usr_nobody/sessions', { cookie: admin })).status).toBe(
      404,
    );
  });

  it('keeps ending sessions to admins', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const viewer = await t.userWithRole('viewer');
    const res = await t.call('DELETE', `/users/${viewer.id}/sessions`, { cookie: reviewer.cookie });
    expect(res.status).toBe(403);
    expect(
      (
        await t.call('PATCH', `/users/${viewer.id}`, {
          cookie: reviewer.cookie,
          body: { disabled: true },
        })
      ).status,
    ).toBe(403);
  });
});
