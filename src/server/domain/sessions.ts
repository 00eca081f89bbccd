import type { User } from '../../shared/users';
import type { DbOrTrx } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from '../lib/passwords';
import { newSecretToken, sha256 } from '../lib/tokens';
import { toUser } from './mappers';

export const sessionLifetimeMs = 7 * 24 * 60 * 60 * 1000;

export async function checkCredentials(
  db: DbOrTrx,
  username: string,
  password: string,
): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!row) return verifyAgainstDummy(password).then(() => null);
  return (await verifyPassword(password, row.password_hash)) ? toUser(row) : null;
}

export async function createSession(db: DbOrTrx, userId: string, now: Date): Promise<string> {
  const token = newSecretToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + sessionLifetimeMs).toISOString(),
    })
    .execute();
  return token;
}

export async function findSessionUser(
  db: DbOrTrx,
  token: string,
  now: Date,
): Promise<{ user: User; sessionHash: string } | null> {
  const sessionHash = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.role', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', sessionHash)
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return { user: toUser(row), sessionHash };
}

export async function deleteSession(db: DbOrTrx, sessionHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sessionHash).execute();
}

export async function pruneSessions(db: DbOrTrx, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
}
