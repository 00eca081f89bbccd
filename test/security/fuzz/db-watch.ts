import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';

/** Columns the server updates on any authenticated call, accepted or not: bookkeeping, not data. */
const bookkeepingColumns: Record<string, readonly string[]> = {
  sessions: ['last_seen_at', 'ip', 'user_agent'],
  agent_tokens: ['last_used_at'],
};

/** Audit entries a refused call may write: refusals worth recording are themselves the record. */
const auditOfRefusals = new Set(['session.sign_in_failed']);

export type DbSnapshot = Map<string, string>;

/**
 * Watches the server's SQLite file from a second, read-only connection. `data_version` moves whenever
 * another connection commits, so the (costlier) content hash is only taken after a write.
 */
export function watchDatabase(file: string) {
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  const dataVersion = () => Number(sqlite.pragma('data_version', { simple: true }));
  let version = dataVersion();

  const tableNames = () =>
    (
      sqlite
        .prepare(
          // Ordinary tables only: the search index's virtual and shadow tables follow the runs table.
          "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);

  const hasAudit = () => tableNames().includes('audit_log');

  function hashTable(table: string): string {
    // Refused sign-ins are counted there and in the audit log (whose chain head moves with it):
    // refusals worth recording.
    if (table === 'audit_log' || table === 'audit_chain_head' || table === 'sign_in_failures') {
      return '';
    }
    // Housekeeping trims old stream events on its own schedule; only a new event is a change.
    if (table === 'stream_events') {
      return String(
        (sqlite.prepare('SELECT max(id) AS id FROM stream_events').get() as { id: unknown }).id,
      );
    }
    const skip = bookkeepingColumns[table] ?? [];
    const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[])
      .map((column) => column.name)
      .filter((name) => !skip.includes(name));
    // Housekeeping deletes expired sessions whenever it runs; those were already of no use.
    const live = table === 'sessions' ? ' WHERE expires_at > ?' : '';
    const rows = sqlite
      .prepare(
        `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"${live} ORDER BY rowid`,
      )
      .raw()
      .all(...(live ? [new Date().toISOString()] : []));
    return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }

  return {
    /** True when some other connection committed since the last call. */
    wrote(): boolean {
      const current = dataVersion();
      if (current === version) return false;
      version = current;
      return true;
    },
    snapshot(): DbSnapshot {
      return new Map(tableNames().map((table) => [table, hashTable(table)]));
    },
    changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
      const names = new Set([...before.keys(), ...after.keys()]);
      return [...names].filter((name) => before.get(name) !== after.get(name));
    },
    rowCounts(): Record<string, number> {
      return Object.fromEntries(
        tableNames().map((table) => [
          table,
          Number(
            (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: unknown }).n,
          ),
        ]),
      );
    },
    auditSeq(): number {
      if (!hasAudit()) return 0;
      return Number(
        (sqlite.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: unknown }).seq ??
          0,
      );
    },
    /** Actions written after `seq` that a refused call should not have caused. */
    unexpectedAuditAfter(seq: number): string[] {
      if (!hasAudit()) return [];
      const rows = sqlite
        .prepare('SELECT action FROM audit_log WHERE seq > ? ORDER BY seq')
        .all(seq) as { action: string }[];
      return rows.map((row) => row.action).filter((action) => !auditOfRefusals.has(action));
    },
    close: () => sqlite.close(),
  };
}

export type DbWatch = ReturnType<typeof watchDatabase>;
