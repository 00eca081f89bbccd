import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemOrigin } from '../../domain/audit';
import { updateUser } from '../../domain/users';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const activeAdmins = async () =>
  (
    await t.db
      .selectFrom('users')
      .select('username')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .execute()
  ).map((u) => u.username);

describe('two admins removing each other at once', () => {
  for (const [change, body] of [
    ['demote', { role: 'viewer' }],
    ['disable', { disabled: true }],
  ] as const) {
    it(`keeps one admin when each tries to ${change} the other`, async () => {
      const first = await t.userWithRole('admin');
      const second = await t.userWithRole('admin');
      await t.call(
        'DELETE',
        `/users/${(await t.call('GET', '/me', { cookie: await t.asAdmin() })).body.id}`,
        {
          cookie: first.cookie,
        },
      );
      expect(await activeAdmins()).toEqual(
        expect.arrayContaining([first.username, second.username]),
      );
      const answers = await Promise.all([
        t.call('PATCH', `/users/${second.id}`, { cookie: first.cookie, body }),
        t.call('PATCH', `/users/${first.id}`, { cookie: second.cookie, body }),
      ]);
      expect((await activeAdmins()).length).toBe(1);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      // The other was refused: it came second (409), or its admin had already lost the role (403/401).
      expect([401, 403, 409]).toContain(answers.find((a) => a.status !== 200)?.status);
    });
  }

  it('keeps one admin when each tries to remove the other', async () => {
    const first = await t.userWithRole('admin');
    const second = await t.userWithRole('admin');
    await t.call(
      'DELETE',
      `/users/${(await t.call('GET', '/me', { cookie: await t.asAdmin() })).body.id}`,
      {
        cookie: first.cookie,
      },
    );
    const answers = await Promise.all([
      t.call('DELETE', `/users/${second.id}`, { cookie: first.cookie }),
      t.call('DELETE', `/users/${first.id}`, { cookie: second.cookie }),
    ]);
    expect((await activeAdmins()).length).toBe(1);
    expect(answers.filter((a) => a.status === 204)).toHaveLength(1);
    expect([401, 403, 409]).toContain(answers.find((a) => a.status !== 204)?.status);
  });

  it("keeps one admin when both changes are past the admins' sign-in checks together", async () => {
    const first = await t.userWithRole('admin');
    const second = await t.userWithRole('admin');
    await t.call(
      'DELETE',
      `/users/${(await t.call('GET', '/me', { cookie: await t.asAdmin() })).body.id}`,
      {
        cookie: first.cookie,
      },
    );
    // Both start on a connection already open (PostgreSQL's pool), so neither gets ahead by luck.
    await Promise.all([1, 2, 3, 4].map(() => sql`select 1`.execute(t.db)));
    const outcomes = await Promise.allSettled([
      updateUser(t, first.id, second.id, { role: 'viewer' }, systemOrigin('first')),
      updateUser(t, second.id, first.id, { disabled: true }, systemOrigin('second')),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
