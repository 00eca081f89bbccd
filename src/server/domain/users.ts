import type { ManagedUser, Role, UpdateUser, User } from '../../shared/users';
import type { SessionPolicy } from './session-policy';
import { isPostgres } from '../db/database';
import type { DbOrTrx } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { ApiError, conflict, forbidden, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { hashPassword } from '../lib/passwords';
import { recordAudit, type AuditOrigin, type AuditRecord } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';
import { toUser } from './mappers';
import { countLiveSessions, revokeUserSessions } from './sessions';

/** Users with their account state, as Settings shows them to admins. */
export async function listManagedUsers(
  db: DbOrTrx,
  now: Date,
  policy: SessionPolicy,
): Promise<ManagedUser[]> {
  const [rows, sessions] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'disabled_at', 'created_at', 'last_sign_in_at', 'email'])
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
    email: row.email,
  }));
}

export async function countUsers(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Stores a new user whose password the caller has hashed (slow work, kept out of transactions). */
export async function insertUser(
  db: DbOrTrx,
  input: { username: string; passwordHash: string; role: Role },
  at: string,
): Promise<User> {
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
      .values({ ...user, password_hash: input.passwordHash, created_at: at })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The username ${input.username} is taken`);
    throw error;
  }
  return user;
}

/** An admin adds a user; the user and its audit entry are stored together. */
export async function createUser(
  ctx: DomainContext,
  input: { username: string; password: string; role: Role },
  origin: AuditOrigin,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return commit(ctx, async (trx, _emit, at) => {
    const user = await insertUser(trx, { ...input, passwordHash }, at);
    await recordAudit(
      trx,
      origin,
      {
        action: 'user.created',
        summary: `${origin.actor} added ${user.username} as ${user.role}`,
        targetType: 'user',
        targetId: user.id,
        data: { username: user.username, role: user.role },
      },
      at,
    );
    return user;
  });
}

/** The user as changed, and the sessions the change ended (to announce once it is committed). */
export type UserUpdate = {
  user: User & { disabled: boolean };
  revokedSessions: string[];
};

/** An admin changes a user's role, password or access; each change it makes is audited with it. */
export async function updateUser(
  ctx: DomainContext,
  actingUserId: string,
  userId: string,
  input: UpdateUser,
  origin: AuditOrigin,
): Promise<UserUpdate> {
  // Hashed before the transaction: the admins' rows stay locked only for the checks and writes.
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return commit(ctx, async (trx, _emit, at) => {
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
        ...(input.email !== undefined ? { email: input.email } : {}),
      })
      .where('id', '=', userId)
      .execute();
    const revokedSessions =
      passwordHash || (disabled && !before.disabled) ? await revokeUserSessions(trx, userId) : [];
    const after = { ...before, role, disabled };
    const records = updateRecords(origin.actor, before, after, {
      passwordReset: passwordHash !== undefined,
      sessionsEnded: revokedSessions.length,
    });
    for (const record of records) await recordAudit(trx, origin, record, at);
    return { user: after, revokedSessions };
  });
}

function updateRecords(
  actor: string,
  before: User & { disabled: boolean },
  after: User & { disabled: boolean },
  password: { passwordReset: boolean; sessionsEnded: number },
): AuditRecord[] {
  const target = { targetType: 'user', targetId: after.id } as const;
  const records: AuditRecord[] = [];
  if (before.role !== after.role) {
    records.push({
      action: 'user.role_changed',
      summary: `${actor} changed ${after.username}'s role from ${before.role} to ${after.role}`,
      data: { from: before.role, to: after.role },
      ...target,
    });
  }
  if (password.passwordReset) {
    records.push({
      action: 'user.password_reset',
      summary: `${actor} reset ${after.username}'s password`,
      data: { sessionsEnded: password.sessionsEnded },
      ...target,
    });
  }
  if (before.disabled !== after.disabled) {
    records.push({
      action: after.disabled ? 'user.disabled' : 'user.enabled',
      summary: `${actor} ${after.disabled ? 'disabled' : 'enabled'} ${after.username}`,
      ...target,
    });
  }
  return records;
}

/** The user's own change: every other session ends, the one they are using stays; audited together. */
export async function setOwnPassword(
  ctx: DomainContext,
  user: Pick<User, 'id' | 'username'>,
  password: string,
  currentSession: string,
  origin: AuditOrigin,
): Promise<string[]> {
  const passwordHash = await hashPassword(password);
  return commit(ctx, async (trx, _emit, at) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', user.id)
      .execute();
    const revoked = await revokeUserSessions(trx, user.id, { except: currentSession });
    await recordAudit(
      trx,
      origin,
      {
        action: 'user.password_changed',
        summary: `${user.username} changed their password`,
        targetType: 'user',
        targetId: user.id,
        data: { otherSessionsEnded: revoked.length },
      },
      at,
    );
    return revoked;
  });
}

/** An admin removes a user: its sessions, idempotency keys and row, and the audit entry, together. */
export async function deleteUser(
  ctx: DomainContext,
  actingUserId: string,
  userId: string,
  origin: AuditOrigin,
): Promise<{ revokedSessions: string[] }> {
  return commit(ctx, async (trx, _emit, at) => {
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
    await recordAudit(
      trx,
      origin,
      {
        action: 'user.deleted',
        summary: `${origin.actor} removed ${existing.username}`,
        targetType: 'user',
        targetId: existing.id,
        data: { username: existing.username, role: existing.role },
      },
      at,
    );
    return { revokedSessions };
  });
}

/** An admin signs a user out everywhere; returns the sessions it ended, to announce after commit. */
export async function endUserSessions(
  ctx: DomainContext,
  userId: string,
  origin: AuditOrigin,
): Promise<string[]> {
  return commit(ctx, async (trx, _emit, at) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'username'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw notFound('User');
    const revoked = await revokeUserSessions(trx, userId);
    await recordAudit(
      trx,
      origin,
      {
        action: 'user.sessions_revoked',
        summary: `${origin.actor} signed ${user.username} out everywhere (${revoked.length} session${revoked.length === 1 ? '' : 's'})`,
        targetType: 'user',
        targetId: user.id,
        data: { sessions: revoked.length },
      },
      at,
    );
    return revoked;
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
