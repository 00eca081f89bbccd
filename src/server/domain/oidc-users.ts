import type { Role } from '../../shared/users';
import type { DbOrTrx } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../lib/ids';
import type { CheckedUser } from './sessions';

/** No password verifies against this: a person from single sign-on signs in only through it. */
export const noPasswordHash = '!oidc';

export type OidcIdentity = {
  issuer: string;
  subject: string;
  name?: string;
  email?: string;
};

function usernameFrom(identity: OidcIdentity): string {
  const wanted = (identity.name ?? identity.email?.split('@')[0] ?? identity.subject)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return wanted === '' ? 'user' : wanted;
}

/**
 * The person with this issuer and subject, created on first sign-in, with the role the provider's groups
 * give today (the provider is where roles are managed for these people). Group membership sync (issue 14's
 * user groups) belongs here too, once groups exist.
 */
export async function upsertOidcUser(
  db: DbOrTrx,
  identity: OidcIdentity,
  role: Role,
  at: string,
): Promise<CheckedUser> {
  const email = identity.email?.slice(0, 320) ?? null;
  const found = await db
    .selectFrom('users')
    .selectAll()
    .where('oidc_issuer', '=', identity.issuer)
    .where('oidc_subject', '=', identity.subject)
    .executeTakeFirst();
  if (found) {
    await db
      .updateTable('users')
      .set({ role, ...(email ? { email } : {}) })
      .where('id', '=', found.id)
      .execute();
    return {
      id: found.id,
      username: found.username,
      role,
      disabled: found.disabled_at !== null,
      passwordHash: found.password_hash,
    };
  }
  const base = usernameFrom(identity);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const username = attempt === 0 ? base : `${base}-${newId('usr').slice(-6)}`;
    const id = newId('usr');
    try {
      await db
        .insertInto('users')
        .values({
          id,
          username,
          role,
          email,
          password_hash: noPasswordHash,
          created_at: at,
          oidc_issuer: identity.issuer,
          oidc_subject: identity.subject,
        })
        .execute();
      return { id, username, role, disabled: false, passwordHash: noPasswordHash };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same person signing in twice at once: the other sign-in created them.
      const raced = await db
        .selectFrom('users')
        .select('id')
        .where('oidc_issuer', '=', identity.issuer)
        .where('oidc_subject', '=', identity.subject)
        .executeTakeFirst();
      if (raced) return upsertOidcUser(db, identity, role, at);
    }
  }
  throw new Error('No free username for a single sign-on user');
}
