import type { DbOrTrx } from '../db/schema';
import { notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { newSecretToken, sha256 } from '../lib/tokens';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';

export type AgentTokenInfo = {
  id: string;
  name: string;
  sourceId: string;
  createdAt: string;
  lastUsedAt: string | null;
};

const lastUsedResolutionMs = 60_000;

/** Makes sure a token with exactly this value exists for the source (used for COUNTERSIGN_AGENT_TOKEN). */
export async function ensureAgentToken(
  db: DbOrTrx,
  token: string,
  sourceId: string,
  name: string,
  at: string,
): Promise<void> {
  const tokenHash = sha256(token);
  const existing = await db
    .selectFrom('agent_tokens')
    .select('id')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('agent_tokens')
    .values({
      id: newId('tok'),
      token_hash: tokenHash,
      source_id: sourceId,
      name,
      created_at: at,
      last_used_at: null,
    })
    .execute();
}

export async function issueAgentToken(
  db: DbOrTrx,
  sourceId: string,
  name: string,
  at: string,
): Promise<AgentTokenInfo & { token: string }> {
  const token = `cs_${newSecretToken()}`;
  const id = newId('tok');
  await db
    .insertInto('agent_tokens')
    .values({
      id,
      token_hash: sha256(token),
      source_id: sourceId,
      name,
      created_at: at,
      last_used_at: null,
    })
    .execute();
  return { id, name, sourceId, createdAt: at, lastUsedAt: null, token };
}

export async function listAgentTokens(db: DbOrTrx): Promise<AgentTokenInfo[]> {
  const rows = await db
    .selectFrom('agent_tokens')
    .select(['id', 'name', 'source_id', 'created_at', 'last_used_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sourceId: r.source_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** An admin's new token for the native API, with its audit entry; the value is shown this once. */
export async function createAgentToken(
  ctx: DomainContext,
  name: string,
  origin: AuditOrigin,
): Promise<AgentTokenInfo & { token: string }> {
  return commit(ctx, async (trx, _emit, at) => {
    const issued = await issueAgentToken(trx, 'native', name, at);
    await recordAudit(
      trx,
      origin,
      {
        action: 'token.created',
        summary: `${origin.actor} created the agent token "${issued.name}" for ${issued.sourceId}`,
        targetType: 'token',
        targetId: issued.id,
        data: { name: issued.name, sourceId: issued.sourceId },
      },
      at,
    );
    return issued;
  });
}

export async function revokeAgentToken(
  ctx: DomainContext,
  id: string,
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, _emit, at) => {
    const row = await trx
      .selectFrom('agent_tokens')
      .select(['id', 'name', 'source_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    const result = await trx.deleteFrom('agent_tokens').where('id', '=', id).executeTakeFirst();
    if (!row || Number(result.numDeletedRows) === 0) throw notFound('Agent token');
    await recordAudit(
      trx,
      origin,
      {
        action: 'token.revoked',
        summary: `${origin.actor} revoked the agent token "${row.name}" for ${row.source_id}`,
        targetType: 'token',
        targetId: row.id,
        data: { name: row.name, sourceId: row.source_id },
      },
      at,
    );
  });
}

/** Finds the token's source and notes when it was used, at most once a minute to keep reads cheap. */
export async function authenticateAgentToken(
  db: DbOrTrx,
  token: string,
  now: Date,
): Promise<{ tokenId: string; sourceId: string } | null> {
  const row = await db
    .selectFrom('agent_tokens')
    .select(['id', 'source_id', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return null;
  const at = now.toISOString();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > lastUsedResolutionMs) {
    await db
      .updateTable('agent_tokens')
      .set({ last_used_at: at })
      .where('id', '=', row.id)
      .execute();
  }
  return { tokenId: row.id, sourceId: row.source_id };
}
