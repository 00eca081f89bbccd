import type { Role } from '../../shared/users';
import type { DbOrTrx } from '../db/schema';
import { newId } from '../lib/ids';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';
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

/** Where the sign-in came from, for the audit entries it records. */
export type SignInClient = { ip: string | null; userAgent: string | null };

/**
 * The person with this issuer and subject, created on first sign-in, with the role the provider's groups
 * give today (the provider is where roles are managed for these people). The creation or the role change
 * is audited in the same transaction, with the person as its actor. Group membership sync (issue 14's
 * user groups) belongs here too, once groups exist.
 */
export async function upsertOidcUser(
  ctx: DomainContext,
  identity: OidcIdentity,
  role: Role,
  client: SignInClient,
): Promise<CheckedUser> {
  return commit(ctx, async (trx, _emit, at) => {
    const found = await findIdentity(trx, identity);
    const user = found
      ? await updateRole(trx, found, identity, role, client, at)
      : await createOidcUser(trx, identity, role, client, at);
    return user;
  });
}

const target = (id: string) => ({ targetType: 'user', targetId: id }) as const;
const originOf = (user: { id: string; username: string }, client: SignInClient): AuditOrigin => ({
  actor: user.username,
  actorId: user.id,
  ...client,
});

function findIdentity(trx: DbOrTrx, identity: OidcIdentity) {
  return trx
    .selectFrom('users')
    .selectAll()
    .where('oidc_issuer', '=', identity.issuer)
    .where('oidc_subject', '=', identity.subject)
    .executeTakeFirst();
}

async function updateRole(
  trx: DbOrTrx,
  found: NonNullable<Awaited<ReturnType<typeof findIdentity>>>,
  identity: OidcIdentity,
  role: Role,
  client: SignInClient,
  at: string,
): Promise<CheckedUser> {
  const email = identity.email?.slice(0, 320) ?? null;
  await trx
    .updateTable('users')
    .set({ role, ...(email ? { email } : {}) })
    .where('id', '=', found.id)
    .execute();
  if (found.role !== role) {
    await recordAudit(
      trx,
      originOf(found, client),
      {
        action: 'user.role_changed',
        summary: `${found.username}'s role changed from ${found.role} to ${role} by their single sign-on groups`,
        ...target(found.id),
        data: { from: found.role, to: role, via: 'sso' },
      },
      at,
    );
  }
  return {
    id: found.id,
    username: found.username,
    role,
    disabled: found.disabled_at !== null,
    passwordHash: found.password_hash,
  };
}

/**
 * ON CONFLICT DO NOTHING rather than catching the violation: a failed statement would end a PostgreSQL
 * transaction. A conflict is either a taken username (the next one is tried) or the same person signing
 * in at the same moment (their row is found then, once the other transaction has committed).
 */
async function createOidcUser(
  trx: DbOrTrx,
  identity: OidcIdentity,
  role: Role,
  client: SignInClient,
  at: string,
): Promise<CheckedUser> {
  const email = identity.email?.slice(0, 320) ?? null;
  const base = usernameFrom(identity);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const username = attempt === 0 ? base : `${base}-${newId('usr').slice(-6)}`;
    const id = newId('usr');
    const inserted = await trx
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
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      await recordAudit(
        trx,
        originOf({ id, username }, client),
        {
          action: 'user.created',
          summary: `${username} signed in with single sign-on for the first time and was added as ${role}`,
          ...target(id),
          data: { username, role, via: 'sso', issuer: identity.issuer, subject: identity.subject },
        },
        at,
      );
      return { id, username, role, disabled: false, passwordHash: noPasswordHash };
    }
    const raced = await findIdentity(trx, identity);
    if (raced) return updateRole(trx, raced, identity, role, client, at);
  }
  throw new Error('No free username for a single sign-on user');
}
