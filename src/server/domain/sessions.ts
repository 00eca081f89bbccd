import type { User } from '../../shared/users';
import type { SessionPolicy } from './session-policy';
import type { Db, DbOrTrx } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from '../lib/passwords';
import { newSecretToken, sha256 } from '../lib/tokens';
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
 * A new session for a user whose password was just checked, or null if the password changed, the user
 * was disabled or removed since: the check is slow, and a session made after a password change had
 * ended the user's sessions would outlive it. The guarded write locks the user's row until the session
 * exists, so a change either comes first (and no session is made) or ends this one too.
 */
export async function createSession(
  db: Db,
  user: Pick<CheckedUser, 'id' | 'passwordHash'>,
  now: Date,
  policy: SessionPolicy,
  client: { ip: string | null; userAgent: string | null },
): Promise<string | null> {
  const token = newSecretToken();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
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
        expires_at: new Date(now.getTime() + policy.maxMs).toISOString(),
        ip: client.ip,
        user_agent: client.userAgent,
      })
      .execute();
    return token;
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
