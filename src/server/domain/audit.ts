import type { AuditAction, AuditEntry, AuditExportLine, AuditQuery } from '../../shared/audit';
import { auditActions } from '../../shared/audit';
import type { List } from '../../shared/common';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { isPostgres } from '../db/database';
import type { AuditLogRow, AuditLogTable, DbOrTrx } from '../db/schema';
import { entryHash } from '../lib/audit-chain';
import { fromJsonColumn, toJsonColumn } from '../lib/json-column';

/** Who acted and from where, as the request showed it. */
export type AuditOrigin = {
  actor: string;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type AuditRecord = {
  action: AuditAction;
  summary: string;
  targetType?:
    | 'user'
    | 'session'
    | 'request'
    | 'run'
    | 'rule'
    | 'source'
    | 'token'
    | 'webhook'
    | 'group'
    | 'routing'
    | 'integration';
  targetId?: string | null;
  runId?: string | null;
  data?: unknown;
};

export const systemOrigin = (actor: string): AuditOrigin => ({
  actor,
  actorId: null,
  ip: null,
  userAgent: null,
});

type PendingEntry = Omit<Insertable<AuditLogTable>, 'seq' | 'prev_hash' | 'hash'>;

/** Entries recorded in a transaction that commit() runs, appended together just before it commits. */
const batches = new WeakMap<DbOrTrx, PendingEntry[]>();

/**
 * Appends `entries` to the chain: locks the head, hashes each entry over the one before, and moves the
 * head, all in the caller's transaction. The lock serializes appends from every process sharing a
 * PostgreSQL database, so the chain never forks; it is taken last in a transaction (see commit.ts), so
 * an append never holds it while waiting for another lock.
 */
async function appendToChain(trx: DbOrTrx, entries: readonly PendingEntry[]): Promise<void> {
  let select = trx.selectFrom('audit_chain_head').select('hash').where('id', '=', 1);
  if (isPostgres(trx)) select = select.forUpdate();
  let prev = (await select.executeTakeFirstOrThrow()).hash;
  for (const entry of entries) {
    const hash = entryHash(prev, {
      createdAt: entry.created_at,
      action: entry.action,
      actor: entry.actor,
      actorId: entry.actor_id ?? null,
      targetType: entry.target_type ?? null,
      targetId: entry.target_id ?? null,
      runId: entry.run_id ?? null,
      summary: entry.summary,
      ip: entry.ip ?? null,
      userAgent: entry.user_agent ?? null,
      data: fromJsonColumn(entry.data ?? null),
    });
    await trx
      .insertInto('audit_log')
      .values({ ...entry, prev_hash: prev, hash })
      .execute();
    prev = hash;
  }
  await trx.updateTable('audit_chain_head').set({ hash: prev }).where('id', '=', 1).execute();
}

/** Collects the entries `trx` records until `appendAuditBatch`; commit() brackets its work with both. */
export function beginAuditBatch(trx: DbOrTrx): void {
  batches.set(trx, []);
}

export async function appendAuditBatch(trx: DbOrTrx): Promise<void> {
  const entries = batches.get(trx);
  batches.delete(trx);
  if (entries?.length) await appendToChain(trx, entries);
}

/**
 * Records one entry. Inside commit() it joins the transaction's batch, appended as the transaction's
 * last write; in another transaction it is appended at once; outside any, in a transaction of its own.
 * Nothing updates or deletes audit rows; the database refuses it as well.
 */
export async function recordAudit(
  db: DbOrTrx,
  origin: AuditOrigin,
  record: AuditRecord,
  at: string,
): Promise<void> {
  const entry: PendingEntry = {
    created_at: at,
    action: record.action,
    actor: origin.actor,
    actor_id: origin.actorId,
    target_type: record.targetType ?? null,
    target_id: record.targetId ?? null,
    run_id: record.runId ?? null,
    summary: record.summary,
    data: record.data === undefined ? null : toJsonColumn(record.data),
    ip: origin.ip,
    user_agent: origin.userAgent,
  };
  const batch = batches.get(db);
  if (batch) batch.push(entry);
  else if (db.isTransaction) await appendToChain(db, [entry]);
  else await db.transaction().execute((trx) => appendToChain(trx, [entry]));
}

export function toAuditEntry(row: AuditLogRow): AuditEntry {
  return {
    id: `aud_${row.seq}`,
    createdAt: row.created_at,
    action: row.action,
    actor: row.actor,
    actorId: row.actor_id,
    targetType: row.target_type,
    targetId: row.target_id,
    runId: row.run_id,
    summary: row.summary,
    ip: row.ip,
    userAgent: row.user_agent,
    data: fromJsonColumn(row.data),
  };
}

/** A bare day means its whole UTC day: from its first instant, to its last. */
function instant(value: string, edge: 'start' | 'end'): string {
  if (value.length === 10) return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
  return new Date(value).toISOString();
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const searchedColumns = ['summary', 'actor', 'target_id', 'run_id', 'ip', 'action'] as const;

type AuditFilterInput = Omit<AuditQuery, 'format' | 'limit' | 'cursor'>;

function filtered(db: DbOrTrx, query: AuditFilterInput) {
  let select = db.selectFrom('audit_log').selectAll();
  if (query.actor) select = select.where('actor', '=', query.actor);
  if (query.action) {
    const actions = auditActions.filter(
      (a) => a === query.action || a.startsWith(`${query.action}.`),
    );
    select = select.where('action', 'in', actions);
  }
  if (query.runId) select = select.where('run_id', '=', query.runId);
  if (query.from) select = select.where('created_at', '>=', instant(query.from, 'start'));
  if (query.to) select = select.where('created_at', '<=', instant(query.to, 'end'));
  if (query.q) {
    const pattern = `%${escapeLike(query.q.toLowerCase())}%`;
    select = select.where((eb) =>
      eb.or(
        searchedColumns.map(
          (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  return select;
}

/** Newest first; the cursor is the position of the last entry of the previous page. */
export async function listAudit(
  db: DbOrTrx,
  query: Omit<AuditQuery, 'format'>,
): Promise<List<AuditEntry>> {
  let select = filtered(db, query);
  if (query.cursor) select = select.where('seq', '<', Number(query.cursor));
  const rows = await select
    .orderBy('seq', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEntry),
    nextCursor: rows.length > query.limit && last ? String(last.seq) : null,
  };
}

/** Every matching entry, newest first, a page at a time, for exports that may be long. */
export async function* eachAuditEntry(
  db: DbOrTrx,
  query: AuditFilterInput,
  pageSize = 1000,
): AsyncGenerator<AuditEntry> {
  let before: number | null = null;
  for (;;) {
    let select = filtered(db, query);
    if (before !== null) select = select.where('seq', '<', before);
    const rows = await select.orderBy('seq', 'desc').limit(pageSize).execute();
    for (const row of rows) yield toAuditEntry(row);
    if (rows.length < pageSize) return;
    before = Number(rows.at(-1)!.seq);
  }
}

/** The whole chain, oldest first, a page at a time, as `GET /audit/export?format=jsonl` writes it. */
export async function* eachChainedEntry(
  db: DbOrTrx,
  pageSize = 1000,
): AsyncGenerator<AuditExportLine> {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      yield { ...toAuditEntry(row), prevHash: row.prev_hash ?? '', hash: row.hash ?? '' };
    }
    if (rows.length < pageSize) return;
    after = Number(rows.at(-1)!.seq);
  }
}
