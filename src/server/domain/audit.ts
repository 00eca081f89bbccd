import type { AuditAction, AuditEntry, AuditQuery } from '../../shared/audit';
import { auditActions } from '../../shared/audit';
import type { List } from '../../shared/common';
import { sql } from 'kysely';
import type { AuditLogRow, DbOrTrx } from '../db/schema';
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
  targetType?: 'user' | 'session' | 'request' | 'run' | 'rule' | 'source' | 'token';
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

/** Appends one entry. Nothing updates or deletes audit rows; the database refuses it as well. */
export async function recordAudit(
  db: DbOrTrx,
  origin: AuditOrigin,
  record: AuditRecord,
  at: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
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
    })
    .execute();
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
