import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSessionPolicy } from '../app';
import { systemOrigin } from './audit';
import { checkCredentials, createSession } from './sessions';
import { setOwnPassword } from './users';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const cookieOf = (res: { headers: Headers }) => res.headers.get('Set-Cookie')?.split(';')[0] ?? '';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sign-ins with the old password keep arriving while the password changes: whichever of them checked
 * the old password but had not yet made its session when the change ended the user's sessions must
 * not leave a session behind.
 */
async function signInsDuring(username: string, oldPassword: string, change: () => Promise<number>) {
  let changing = true;
  const changed = change().finally(() => {
    changing = false;
  });
  const attempts: Promise<{ status: number; headers: Headers }>[] = [];
  while (changing && attempts.length < 16) {
    attempts.push(t.call('POST', '/session', { body: { username, password: oldPassword } }));
    await pause(10);
  }
  expect(await changed).toBeLessThan(300);
  const answers = await Promise.all(attempts);
  // 429: more than ten tries were in flight at once for the username.
  expect(answers.map((a) => a.status).filter((s) => ![200, 401, 429].includes(s))).toEqual([]);
  const alive: string[] = [];
  for (const cookie of answers.filter((a) => a.status === 200).map(cookieOf)) {
    if ((await t.call('GET', '/me', { cookie })).status === 200) alive.push(cookie);
  }
  return alive;
}

// Each sign-in hashes a password, and two cores share them: give the race room to finish.
describe('a password change racing sign-ins with the old password', { timeout: 30_000 }, () => {
  it('leaves no session made with the old password after the user changed it', async () => {
    const { cookie, username } = await t.userWithRole('viewer');
    const alive = await signInsDuring(username, `${username}-password`, async () => {
      const res = await t.call('PUT', '/me/password', {
        cookie,
        body: { currentPassword: `${username}-password`, newPassword: 'a-brand-new-password' },
      });
      return res.status;
    });
    expect(alive).toEqual([]);
    expect((await t.call('GET', '/me', { cookie })).status).toBe(200);
  });

  it('leaves no session made with the old password after an admin reset it', async () => {
    const { username, id } = await t.userWithRole('reviewer');
    const admin = await t.asAdmin();
    const alive = await signInsDuring(username, `${username}-password`, async () => {
      const res = await t.call('PATCH', `/users/${id}`, {
        cookie: admin,
        body: { password: 'a-brand-new-password' },
      });
      return res.status;
    });
    expect(alive).toEqual([]);
  });

  it('makes no session for a password checked before it changed, or before the user was disabled', async () => {
    const { username, id } = await t.userWithRole('viewer');
    const session = { client: { ip: null, userAgent: null }, origin: systemOrigin(username) };
    const checked = await checkCredentials(t.db, username, `${username}-password`);
    expect(checked).not.toBeNull();
    await setOwnPassword(t, { id, username }, 'a-brand-new-password', 'no-session', session.origin);
    expect(await createSession(t, checked!, defaultSessionPolicy, session)).toBeNull();

    const again = await checkCredentials(t.db, username, 'a-brand-new-password');
    await t.db
      .updateTable('users')
      .set({ disabled_at: t.now().toISOString() })
      .where('id', '=', id)
      .execute();
    expect(await createSession(t, again!, defaultSessionPolicy, session)).toBeNull();
    const sessions = await t.db
      .selectFrom('sessions')
      .select('user_id')
      .where('user_id', '=', id)
      .execute();
    expect(sessions).toEqual([]);
  });
});
