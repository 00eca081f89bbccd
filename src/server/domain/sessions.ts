import type { User } from '../../shared/users';
import type { SessionPolicy } from './session-policy';
import type { DbOrTrx } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from '../lib/passwords';
import { newSecretToken, sha256 } from '../lib/tokens';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import { isoNow, type DomainContext } from './context';
import { toUser } from './mappers';

/** last_seen_at is written at most this often, so reads stay reads. */
const touchResolutionMs = 60_000;

/** `passwordHash` is the hash the password was checked against; createSession needs it unchanged. */
export type CheckedUser = User & { disabled: boolean; passwordHash: string };

/** The user whose password this is, disabled or not; null for a wrong username or password. */
export async function checkCredentials(
  db: DbOrTrx,
  username: string,
  password: string,
): Promise<CheckedUser | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!row) return verifyAgainstDummy(password).then(() => null);
  if (!(await verifyPassword(password, row.password_hash))) return null;
  return { ...toUser(row), disabled: row.disabled_at !== null, passwordHash: row.password_hash };
}

/**
 * A new session for a user whose password was just checked, with its audit entry, or null if the
 * password changed, the user was disabled or removed since: the check is slow, and a session made after a
 * password change had ended the user's sessions would outlive it. The guarded write locks the user's row
 * until the session exists, so a change either comes first (and no session is made) or ends this one
 * too. The session the browser held before (`replaces`), if any, ends in the same transaction.
 */
export async function createSession(
  ctx: DomainContext,
  user: Pick<CheckedUser, 'id' | 'username' | 'passwordHash'>,
  policy: SessionPolicy,
  options: {
    client: { ip: string | null; userAgent: string | null };
    origin: AuditOrigin;
    replaces?: string;
  },
): Promise<string | null> {
  const token = newSecretToken();
  return commit(ctx, async (trx, _emit, at) => {
    const unchanged = await trx
      .updateTable('users')
      .set({ last_sign_in_at: at })
      .where('id', '=', user.id)
      .where('password_hash', '=', user.passwordHash)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(unchanged.numUpdatedRows) === 0) return null;
    await trx
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        created_at: at,
        last_seen_at: at,
        expires_at: new Date(Date.parse(at) + policy.maxMs).toISOString(),
        ip: options.client.ip,
        user_agent: options.client.userAgent,
      })
      .execute();
    if (options.replaces) await deleteSession(trx, options.replaces);
    await recordAudit(
      trx,
      options.origin,
      {
        action: 'session.signed_in',
        summary: `${user.username} signed in`,
        targetType: 'user',
        targetId: user.id,
      },
      at,
    );
    return token;
  });
}

/** A refused sign-in, for the audit log: a wrong username or password, or a disabled account. */
export async function recordRefusedSignIn(
  ctx: DomainContext,
  origin: AuditOrigin,
  username: string,
  disabledUser: Pick<User, 'id'> | null,
): Promise<void> {
  await recordAudit(
    ctx.db,
    origin,
    {
      action: 'session.sign_in_failed',
      summary: disabledUser
        ? `Refused sign-in as ${username}: the account is disabled`
        : `Failed sign-in as ${username}: wrong username or password`,
      targetType: disabledUser ? 'user' : undefined,
      targetId: disabledUser?.id,
    },
    isoNow(ctx),
  );
}

/** Signing out: the session ends and the audit says so, together. */
export async function endSession(
  ctx: DomainContext,
  sessionHash: string,
  user: Pick<User, 'id' | 'username'>,
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, _emit, at) => {
    await deleteSession(trx, sessionHash);
    await recordAudit(
      trx,
      origin,
      {
        action: 'session.signed_out',
        summary: `${user.username} signed out`,
        targetType: 'user',
        targetId: user.id,
      },
      at,
    );
  });
}

/** A user signs themself out everywhere; returns the sessions it ended, to announce after commit. */
export async function endOwnSessions(
  ctx: DomainContext,
  user: Pick<User, 'id' | 'username'>,
  origin: AuditOrigin,
): Promise<string[]> {
  return commit(ctx, async (trx, _emit, at) => {
    const revoked = await revokeUserSessions(trx, user.id);
    await recordAudit(
      trx,
      origin,
      {
        action: 'session.signed_out_everywhere',
        summary: `${user.username} signed out everywhere (${revoked.length} session${revoked.length === 1 ? '' : 's'})`,
        targetType: 'user',
        targetId: user.id,
        data: { sessions: revoked.length },
      },
      at,
    );
    return revoked;
  });
}

/** The signed-in user of a session token, if the session is still live and the user enabled. */
export async function findSessionUser(
  db: DbOrTrx,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<{ user: User; sessionHash: string } | null> {
  const sessionHash = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.username',
      'users.role',
      'users.disabled_at',
      'sessions.expires_at',
      'sessions.created_at',
      'sessions.last_seen_at',
    ])
    .where('sessions.token_hash', '=', sessionHash)
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  const nowMs = now.getTime();
  const lastSeenMs = Date.parse(row.last_seen_at ?? row.created_at);
  if (Date.parse(row.expires_at) <= nowMs || lastSeenMs + policy.idleMs <= nowMs) return null;
  if (nowMs - lastSeenMs >= touchResolutionMs) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', sessionHash)
      .execute();
  }
  return { user: toUser(row), sessionHash };
}

export async function deleteSession(db: DbOrTrx, sessionHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sessionHash).execute();
}

/** Ends a user's sessions (all, or all but one) and returns the ones it ended. */
export async function revokeUserSessions(
  db: DbOrTrx,
  userId: string,
  options: { except?: string } = {},
): Promise<string[]> {
  let select = db.selectFrom('sessions').select('token_hash').where('user_id', '=', userId);
  if (options.except) select = select.where('token_hash', '!=', options.except);
  const hashes = (await select.execute()).map((r) => r.token_hash);
  if (hashes.length) await db.deleteFrom('sessions').where('token_hash', 'in', hashes).execute();
  return hashes;
}

const idleCutoff = (now: Date, policy: SessionPolicy) =>
  new Date(now.getTime() - policy.idleMs).toISOString();

/** How many live sessions each user has. */
export async function countLiveSessions(
  db: DbOrTrx,
  now: Date,
  policy: SessionPolicy,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('sessions')
    .select((eb) => ['user_id', eb.fn.countAll<number>().as('count')])
    .where('expires_at', '>', now.toISOString())
    .where((eb) => eb(eb.fn.coalesce('last_seen_at', 'created_at'), '>', idleCutoff(now, policy)))
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.count)]));
}

export async function pruneSessions(db: DbOrTrx, now: Date, policy: SessionPolicy): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now.toISOString()),
        eb(eb.fn.coalesce('last_seen_at', 'created_at'), '<=', idleCutoff(now, policy)),
      ]),
    )
    .execute();
}
