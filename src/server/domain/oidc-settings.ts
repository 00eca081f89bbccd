import * as z from 'zod/mini';
import { groupRoleSchema, type GroupRole } from '../../shared/oidc';
import type { Role } from '../../shared/users';
import { isPostgres } from '../db/database';
import type { DbOrTrx } from '../db/schema';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';

/** The provider this server signs people in with; null when single sign-on is off. */
export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
};

/** OIDC is on only when issuer, client id and secret are all set: half a configuration is none. */
export function oidcConfigFrom(values: {
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  groupsClaim: string;
}): OidcConfig | null {
  const { issuer, clientId, clientSecret, groupsClaim } = values;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, groupsClaim };
}

const mappingName = 'oidc_role_mapping';
const storedMapping = z.array(groupRoleSchema);

export async function readRoleMapping(db: DbOrTrx, lock = false): Promise<GroupRole[]> {
  let select = db.selectFrom('settings').select('value').where('name', '=', mappingName);
  if (lock && isPostgres(db)) select = select.forUpdate();
  const row = await select.executeTakeFirst();
  if (!row) return [];
  try {
    const parsed = storedMapping.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export async function writeRoleMapping(
  db: DbOrTrx,
  mapping: readonly GroupRole[],
  at: string,
): Promise<void> {
  const value = JSON.stringify(mapping);
  await db
    .insertInto('settings')
    .values({ name: mappingName, value, created_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

/**
 * Replaces the mapping and audits it with what it was before, in one transaction. The stored row is locked
 * while it is read, so of two admins saving at once the second one's "before" is the first one's "after".
 */
export async function saveRoleMapping(
  ctx: DomainContext,
  mapping: readonly GroupRole[],
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, _emit, at) => {
    const before = await readRoleMapping(trx, true);
    await writeRoleMapping(trx, mapping, at);
    await recordAudit(
      trx,
      origin,
      {
        action: 'sso.role_mapping_changed',
        summary: `${origin.actor} saved the single sign-on role mapping (${describe(mapping)})`,
        data: { before, after: mapping },
      },
      at,
    );
  });
}

function describe(mapping: readonly GroupRole[]): string {
  if (mapping.length === 0) return 'no groups';
  const shown = mapping.slice(0, 5).map(({ group, role }) => `${group} → ${role}`);
  return mapping.length > 5
    ? `${shown.join(', ')} and ${mapping.length - 5} more`
    : shown.join(', ');
}

const rank: Record<Role, number> = { viewer: 1, reviewer: 2, admin: 3 };

/**
 * The highest role any of the person's groups maps to, or null when none is mapped (they are refused).
 * Only own string values count: a claim of `__proto__` or a non-list finds nothing.
 */
export function roleForGroups(mapping: readonly GroupRole[], claim: unknown): Role | null {
  const groups = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  const held = new Set(groups.filter((g): g is string => typeof g === 'string'));
  let best: Role | null = null;
  for (const { group, role } of mapping) {
    if (held.has(group) && (best === null || rank[role] > rank[best])) best = role;
  }
  return best;
}
