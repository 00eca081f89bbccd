import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrateToLatest, openPostgres } from '../db/database';
import { migrationProvider } from '../db/migrations/provider';
import { eachChainedEntry } from '../domain/audit';
import { entryHash, genesisHash } from '../lib/audit-chain';
import type { Database } from '../db/schema';
import {
  appTables,
  appliedMigrations,
  assertNotInUse,
  openExistingSqlite,
  quoteName,
  type Sqlite,
} from './sqlite-file';

export type TableReport = { table: string; rows: number; digest: string };
export type CopyReport = { tables: TableReport[] };
export type CopyOptions = { batchRows?: number; onTable?: (report: TableReport) => void };

type Row = Record<string, unknown>;
// Dynamic table names: the copy works on whatever tables the migrations made, not a fixed list.
type AnyDb = Kysely<Record<string, Row>>;
type AnyTrx = Transaction<Record<string, Row>>;

/** Rows the migrations themselves insert; a target holding only these is still empty. */
const seededRows: Record<string, (row: Row) => boolean> = {
  sources: (row) => row.id === 'native',
  // The chain's head before any entry; the copy brings the head of the copied entries.
  audit_chain_head: (row) => Number(row.id) === 1 && row.hash === genesisHash,
};

/**
 * Copies a SQLite database into an empty PostgreSQL database, in one PostgreSQL transaction: it commits
 * only once every table holds the same number of rows with the same content as in SQLite (an
 * order-independent digest of every row), so a failed copy leaves the target as it was.
 * Refuses a SQLite file another process has open, one not migrated to this version, and a target that
 * already holds data.
 */
export async function copySqliteToPostgres(
  sqliteFile: string,
  postgresUrl: string,
  options: CopyOptions = {},
): Promise<CopyReport> {
  assertNotInUse(sqliteFile, 'copying it (a running server would go on writing to it)');
  const source = openExistingSqlite(sqliteFile);
  const target = openPostgres(postgresUrl, { maxConnections: 2 }) as unknown as AnyDb;
  try {
    await checkMigrated(source);
    await migrateToLatest(target as unknown as Kysely<Database>);
    const tables = orderedByForeignKeys(source, appTables(source));
    await checkTargetTables(target, source, tables);
    await checkTargetEmpty(target, tables);

    source.exec('BEGIN'); // One snapshot of the source for the copy and its check.
    try {
      return await target.transaction().execute(async (trx) => {
        for (const [table, seeded] of Object.entries(seededRows)) {
          if (tables.includes(table)) await deleteSeeded(trx, table, seeded);
        }
        for (const table of tables) await copyTable(source, trx, table, options.batchRows ?? 500);
        await resetSequences(trx);
        const reports: TableReport[] = [];
        for (const table of tables) {
          const report = await verifyTable(source, trx, table);
          options.onTable?.(report);
          reports.push(report);
        }
        // Checked inside the copy's transaction, so a copy whose chain breaks is never committed.
        if (tables.includes('audit_log')) await checkAuditChain(trx as unknown as Kysely<Database>);
        return { tables: reports };
      });
    } finally {
      source.exec('COMMIT');
    }
  } finally {
    source.close();
    await target.destroy();
  }
}

async function checkMigrated(source: Sqlite): Promise<void> {
  const expected = Object.keys(await migrationProvider.getMigrations()).sort();
  const applied = appliedMigrations(source);
  const missing = expected.filter((name) => !applied.includes(name));
  const unknown = applied.filter((name) => !expected.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `The SQLite database was migrated by a newer Countersign (${unknown.join(', ')}): copy it with that version.`,
    );
  }
  if (missing.length > 0) {
    throw new Error(
      `The SQLite database lacks migrations ${missing.join(', ')}: start this version on it once (npm start), stop it, and copy again.`,
    );
  }
}

function columnsOf(source: Sqlite, table: string): string[] {
  return (source.pragma(`table_info(${quoteName(table)})`) as { name: string }[]).map(
    (c) => c.name,
  );
}

/** Parents before children, so every foreign key finds its row. */
function orderedByForeignKeys(source: Sqlite, tables: string[]): string[] {
  const parents = new Map(
    tables.map((table) => [
      table,
      (source.pragma(`foreign_key_list(${quoteName(table)})`) as { table: string }[])
        .map((fk) => fk.table)
        .filter((parent) => parent !== table),
    ]),
  );
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`Foreign keys form a cycle: ${path.join(' → ')}`);
    for (const parent of parents.get(table) ?? []) visit(parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function checkTargetTables(target: AnyDb, source: Sqlite, tables: string[]) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema()`.execute(target);
  for (const table of tables) {
    const there = new Set(rows.filter((r) => r.table_name === table).map((r) => r.column_name));
    const missing = columnsOf(source, table).filter((column) => !there.has(column));
    if (missing.length > 0) {
      throw new Error(
        `PostgreSQL's ${table} lacks ${missing.join(', ')}: its schema does not match the SQLite database.`,
      );
    }
  }
}

async function checkTargetEmpty(target: AnyDb, tables: string[]) {
  const holding: string[] = [];
  for (const table of tables) {
    const rows = await target.selectFrom(table).selectAll().limit(2).execute();
    const seeded = seededRows[table];
    if (rows.some((row) => !seeded?.(row))) holding.push(table);
  }
  if (holding.length > 0) {
    throw new Error(
      `The PostgreSQL database is not empty (${holding.join(', ')} hold rows): copy into a new, empty database.`,
    );
  }
}

async function deleteSeeded(trx: AnyTrx, table: string, seeded: (row: Row) => boolean) {
  for (const row of await trx.selectFrom(table).selectAll().execute()) {
    if (seeded(row))
      await trx
        .deleteFrom(table)
        .where('id', '=', row.id as string)
        .execute();
  }
}

async function copyTable(source: Sqlite, trx: AnyTrx, table: string, batchRows: number) {
  const columns = columnsOf(source, table);
  // PostgreSQL takes at most 65,535 parameters per statement.
  const perInsert = Math.max(1, Math.min(batchRows, Math.floor(60_000 / columns.length)));
  const read = source.prepare(
    `select rowid as "__rowid", * from ${quoteName(table)} where rowid > ? order by rowid limit ?`,
  );
  let after = -Infinity;
  for (;;) {
    const rows = read.all(after, perInsert) as Row[];
    if (rows.length === 0) return;
    after = rows.at(-1)!.__rowid as number;
    await trx
      .insertInto(table)
      .values(rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]]))))
      .execute();
  }
}

/** Identity columns continue after the highest copied value. */
async function resetSequences(trx: AnyTrx) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
  for (const { table_name: table, column_name: column } of rows) {
    await sql`select setval(pg_get_serial_sequence(${quoteName(table)}, ${column}),
      coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      trx,
    );
  }
}

/** Values as both databases give them, so one row reads the same from either. */
function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { bytes: value.toString('base64') };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** An order-independent digest of rows: the sum of each row's hash, modulo 2^64, and the count. */
class TableDigest {
  private sum = 0n;
  rows = 0;
  constructor(private readonly columns: string[]) {}
  add(row: Row) {
    const text = JSON.stringify(this.columns.map((c) => canonical(row[c])));
    this.sum =
      (this.sum + createHash('sha256').update(text).digest().readBigUInt64BE(0)) % 2n ** 64n;
    this.rows += 1;
  }
  get value() {
    return `${this.rows}:${this.sum.toString(16)}`;
  }
}

async function verifyTable(source: Sqlite, trx: AnyTrx, table: string): Promise<TableReport> {
  const columns = columnsOf(source, table);
  const fromSqlite = new TableDigest(columns);
  for (const row of source.prepare(`select * from ${quoteName(table)}`).iterate()) {
    fromSqlite.add(row as Row);
  }
  const fromPostgres = new TableDigest(columns);
  // Keyset pages over the physical row id: every row once, whatever the table's key.
  let after = '(0,0)';
  for (;;) {
    const { rows } = await sql<Row & { __ctid: string }>`
      select ctid::text as "__ctid", * from ${sql.table(table)}
      where ctid > ${after}::tid order by ctid limit 2000`.execute(trx);
    if (rows.length === 0) break;
    for (const row of rows) fromPostgres.add(row);
    after = rows.at(-1)!.__ctid;
  }
  if (fromSqlite.value !== fromPostgres.value) {
    throw new Error(
      `${table} differs after the copy (SQLite ${fromSqlite.rows} rows, PostgreSQL ${fromPostgres.rows}, digests ${fromSqlite.value} and ${fromPostgres.value}): nothing was committed.`,
    );
  }
  return { table, rows: fromSqlite.rows, digest: fromSqlite.value };
}

/**
 * The audit log's hash chain as PostgreSQL now holds it: each entry links to the one before and hashes
 * to what it stores. Read a page at a time, so a long log is never held in memory at once.
 */
async function checkAuditChain(target: Kysely<Database>): Promise<void> {
  let prev = genesisHash;
  for await (const entry of eachChainedEntry(target)) {
    if (entry.prevHash !== prev || entryHash(entry.prevHash, entry) !== entry.hash) {
      throw new Error(
        `The audit chain breaks at entry ${entry.id} after the copy: nothing was committed. Check the SQLite file with an export and npm run audit:verify.`,
      );
    }
    prev = entry.hash;
  }
}
