import { sql } from 'kysely';
import { isPostgres } from '../db/database';
import type { Db } from '../db/schema';
import { listRuns, type RunListQuery } from './run-list';

const maxEntries = 256;

/**
 * Serialized run-list pages, reused until the database next changes. Every reviewer's inbox asks for the
 * same few pages again after each live event, so most list requests repeat an answer already built.
 *
 * The key starts with SQLite's total_changes(): every insert, update or delete on the server's single
 * connection moves it, whichever code made the change and whether or not it announced one. The count is
 * read before the page is, so a page read across a change is filed under the older count and never
 * served again.
 */
class RunListCache {
  private version = -1;
  private readonly pages = new Map<string, string>();

  constructor(private readonly db: Db) {}

  async page(query: RunListQuery): Promise<string> {
    const version = await this.changes();
    if (version !== this.version) {
      this.version = version;
      this.pages.clear();
    }
    const key = JSON.stringify(query);
    const hit = this.pages.get(key);
    if (hit !== undefined) return hit;
    const body = JSON.stringify(await listRuns(this.db, query));
    if (this.version === version) {
      if (this.pages.size >= maxEntries) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, body);
    }
    return body;
  }

  private async changes(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(this.db);
    return Number(rows[0]?.n ?? -1);
  }
}

const caches = new WeakMap<Db, RunListCache>();

/**
 * The run-list page for `query` as the JSON text of `{ items, nextCursor }`. PostgreSQL has no cheap
 * counter that every process's writes move, so there each page is built afresh.
 */
export async function runListPage(db: Db, query: RunListQuery): Promise<string> {
  if (isPostgres(db)) return JSON.stringify(await listRuns(db, query));
  let cache = caches.get(db);
  if (!cache) {
    cache = new RunListCache(db);
    caches.set(db, cache);
  }
  return cache.page(query);
}
