import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { migrateToLatest, openSqlite } from '../../src/server/db/database';

export const historyTitleWord = 'Refund';
/** A word in exactly one run's title, for a search that must find one run among all. */
export const rareTitleWord = 'zebracorn';
export const waitingRuns = 1_000;
const customers = ['cust_acme', 'cust_globex', 'cust_initech', 'cust_umbrella', 'cust_hooli'];

/**
 * `count` runs written with plain INSERTs (the domain's transactions would take an hour for a
 * million): waiting ones with a pending plan request, the rest finished with an answered tool request
 * and a timeline entry each, spread over the past year, as a year of a busy team's history looks.
 */
export async function seedHistory(dataDir: string, count: number): Promise<{ seconds: number }> {
  const file = join(dataDir, 'countersign.db');
  const kysely = openSqlite(file);
  await migrateToLatest(kysely);
  await kysely.destroy();

  const started = performance.now();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insertRun =
    db.prepare(`insert into runs (id, source_id, external_id, title, status, customer,
    live_url, metadata, created_at, updated_at, waiting_since, next_expires_at, pending_count,
    pending_kinds, urgency_key, external_data)
    values (?, 'native', ?, ?, ?, ?, null, '{}', ?, ?, ?, null, ?, ?, ?, null)`);
  const insertRequest = db.prepare(`insert into requests (id, run_id, kind, payload, status,
    created_at, updated_at, expires_at, answered_by, answered_at, response, delivery_status,
    delivery_attempts, delivery_last_error, external_id, external_data)
    values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, 0, null, null, null)`);
  const insertEvent =
    db.prepare(`insert into timeline_events (id, run_id, request_id, type, message,
    data, actor, created_at) values (?, ?, ?, 'request.answered', ?, null, 'reviewer', ?)`);
  const yearMs = 365 * 24 * 3600 * 1000;
  const now = Date.now();
  const pad = (i: number) => i.toString(36).padStart(8, '0');
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const waiting = i >= count - waitingRuns;
      const at = new Date(now - yearMs + Math.floor((i / count) * yearMs)).toISOString();
      const runId = `run_${pad(i)}`;
      const requestId = `req_${pad(i)}`;
      const customer = customers[i % customers.length]!;
      const title = `${i === Math.floor(count / 2) ? `${rareTitleWord} ` : ''}${historyTitleWord} order ${i} for ${customer}`;
      const status = waiting ? 'waiting' : ['completed', 'completed', 'failed', 'stopped'][i % 4]!;
      insertRun.run(
        runId,
        `ext-${i}`,
        title,
        status,
        customer,
        at,
        at,
        waiting ? at : null,
        waiting ? 1 : 0,
        waiting ? '["plan"]' : '[]',
        `9999-12-31T23:59:59.999Z|${waiting ? at : '9999-12-31T23:59:59.999Z'}`,
      );
      if (waiting) {
        insertRequest.run(
          requestId,
          runId,
          'plan',
          `{"plan":"## Plan ${i}"}`,
          'pending',
          at,
          at,
          null,
          null,
          null,
          'pending',
        );
      } else {
        insertRequest.run(
          requestId,
          runId,
          'tool',
          `{"tool":"refund_order","input":{"orderId":${i}},"reason":"Customer asked"}`,
          'answered',
          at,
          at,
          'reviewer',
          at,
          '{"decision":"approve"}',
          'delivered',
        );
        insertEvent.run(`evt_${pad(i)}`, runId, requestId, `reviewer approved refund_order`, at);
      }
    }
  });
  for (let from = 0; from < count; from += 50_000) batch(from, Math.min(count, from + 50_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { seconds: (performance.now() - started) / 1000 };
}
