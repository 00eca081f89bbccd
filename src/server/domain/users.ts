import type { ManagedUser, Role, UpdateUser, User } from '../../shared/users';
import type { SessionPolicy } from './session-policy';
import type { DbOrTrx } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { ApiError, conflict, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { hashPassword } from '../lib/passwords';
import { toUser } from './mappers';
import { countLiveSessions, revokeUserSessions } from './sessions';

export async function listUsers(db: DbOrTrx): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .orderBy('username')
    .execute();
  return rows.map(toUser);
}

/** Users with their account state, as Settings shows them to admins. */
export async function listManagedUsers(
  db: DbOrTrx,
  now: Date,
  policy: SessionPolicy,
): Promise<ManagedUser[]> {
  const [rows, sessions] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'disabled_at', 'created_at', 'last_sign_in_at'])
      .orderBy('username')
      .execute(),
    countLiveSessions(db, now, policy),
  ]);
  return rows.map((row) => ({
    ...toUser(row),
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    activeSessions: sessions.get(row.id) ?? 0,
  }));
}

export async function countUsers(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function createUser(
  db: DbOrTrx,
  input: { username: string; password: string; role: Role },
  at: string,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (existing) throw conflict(`The username ${input.username} is taken`);
  const user = { id: newId('usr'), username: input.username, role: input.role };
  try {
    await db
      .insertInto('users')
      .values({ ...user, password_hash: passwordHash, created_at: at })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The username ${input.username} is taken`);
    throw error;
  }
  return user;
}

/** What an update changed, for the audit log, and the sessions it ended. */
export type UserUpdate = {
  before: User & { disabled: boolean };
  after: User & { disabled: boolean };
  passwordReset: boolean;
  revokedSessions: string[];
};

export async function updateUser(
  db: DbOrTrx,
  actingUserId: string,
  userId: string,
  input: UpdateUser,
  at: string,
): Promise<UserUpdate> {
  const existing = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!existing) throw notFound('User');
  const before = { ...toUser(existing), disabled: existing.disabled_at !== null };
  const role = input.role ?? before.role;
  const disabled = input.disabled ?? before.disabled;
  if (userId === actingUserId && disabled) throw conflict('You cannot disable yourself');
  if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
    await assertAnotherAdmin(db, userId);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  await db
    .updateTable('users')
    .set({
      role,
      disabled_at: disabled ? (existing.disabled_at ?? at) : null,
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    })
    .where('id', '=', userId)
    .execute();
  const revokedSessions =
    passwordHash || (disabled && !before.disabled) ? await revokeUserSessions(db, userId) : [];
  return {
    before,
    after: { ...before, role, disabled },
    passwordReset: passwordHash !== undefined,
    revokedSessions,
  };
}

/** The user's own change: every other session ends, the one they are using stays. */
export async function setOwnPassword(
  db: DbOrTrx,
  userId: string,
  password: string,
  currentSession: string,
): Promise<string[]> {
  const passwordHash = await hashPassword(password);
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
  return revokeUserSessions(db, userId, { except: currentSession });
}

export async function deleteUser(
  db: DbOrTrx,
  userId: string,
): Promise<{ user: User; revokedSessions: string[] }> {
  const existing = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!existing) throw notFound('User');
  if (existing.role === 'admin' && existing.disabled_at === null) {
    await assertAnotherAdmin(db, userId);
  }
  const revokedSessions = await revokeUserSessions(db, userId);
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).execute();
  await db.deleteFrom('users').where('id', '=', userId).execute();
  return { user: toUser(existing), revokedSessions };
}

/** Someone must still be able to manage users: another admin who is not disabled. */
async function assertAnotherAdmin(db: DbOrTrx, userId: string): Promise<void> {
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', userId)
    .executeTakeFirst();
  if (!other) throw new ApiError(409, 'conflict', 'Keep at least one admin');
}
