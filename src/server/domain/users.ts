import type { ManagedUser, Role, UpdateUser, User } from '../../shared/users';
import type { SessionPolicy } from './session-policy';
import { isPostgres } from '../db/database';
import type { Db, DbOrTrx } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { ApiError, conflict, forbidden, notFound } from '../lib/api-error';
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
  db: Db,
  actingUserId: string,
  userId: string,
  input: UpdateUser,
  at: string,
): Promise<UserUpdate> {
  // Hashed before the transaction: the admins' rows stay locked only for the checks and writes.
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.transaction().execute(async (trx) => {
    const admins = await lockEnabledAdmins(trx, actingUserId);
    const existing = await trx
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
      keepAnotherAdmin(admins, userId);
    }
    await trx
      .updateTable('users')
      .set({
        role,
        disabled_at: disabled ? (existing.disabled_at ?? at) : null,
        ...(passwordHash ? { password_hash: passwordHash } : {}),
      })
      .where('id', '=', userId)
      .execute();
    const revokedSessions =
      passwordHash || (disabled && !before.disabled) ? await revokeUserSessions(trx, userId) : [];
    return {
      before,
      after: { ...before, role, disabled },
      passwordReset: passwordHash !== undefined,
      revokedSessions,
    };
  });
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
  db: Db,
  actingUserId: string,
  userId: string,
): Promise<{ user: User; revokedSessions: string[] }> {
  return db.transaction().execute(async (trx) => {
    const admins = await lockEnabledAdmins(trx, actingUserId);
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'username', 'role', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!existing) throw notFound('User');
    if (existing.role === 'admin' && existing.disabled_at === null) {
      keepAnotherAdmin(admins, userId);
    }
    const revokedSessions = await revokeUserSessions(trx, userId);
    await trx.deleteFrom('idempotency_keys').where('user_id', '=', userId).execute();
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    return { user: toUser(existing), revokedSessions };
  });
}

/**
 * The enabled admins, their rows locked until the transaction ends (SQLite runs one writing
 * transaction at a time): two admins demoting, disabling or removing each other at once would each
 * see the other still an admin, and leave none. The acting admin must still be one of them.
 */
async function lockEnabledAdmins(trx: DbOrTrx, actingUserId: string): Promise<string[]> {
  let query = trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('id');
  if (isPostgres(trx)) query = query.forUpdate();
  const admins = (await query.execute()).map((row) => row.id);
  if (!admins.includes(actingUserId)) throw forbidden('You are no longer an admin');
  return admins;
}

/** Someone must still be able to manage users: another admin who is not disabled. */
function keepAnotherAdmin(admins: readonly string[], userId: string): void {
  if (!admins.some((id) => id !== userId)) {
    throw new ApiError(409, 'conflict', 'Keep at least one admin');
  }
}
