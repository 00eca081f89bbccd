import { sql } from 'kysely';
import { isPostgres } from '../db/database';
import type { Db } from '../db/schema';
import { listRuns, type RunListQuery } from './run-list';

const maxEntries = 256;
/**
 * Pages are as large as a run's metadata allows (up to 500 runs a page), so the count alone does not
 * bound the memory: the pages kept hold at most this many characters together, and a larger page is
 * not kept.
 */
const maxChars = 16 * 1024 * 1024;

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
  private chars = 0;

  constructor(private readonly db: Db) {}

  async page(query: RunListQuery): Promise<string> {
    const version = await this.changes();
    if (version !== this.version) {
      this.version = version;
      this.pages.clear();
      this.chars = 0;
    }
    const key = JSON.stringify(query);
    const hit = this.pages.get(key);
    if (hit !== undefined) return hit;
    const body = JSON.stringify(await listRuns(this.db, query));
    if (this.version === version && body.length <= maxChars) {
      // A request for the same page may have filled it while this one was reading.
      const raced = this.pages.get(key);
      if (raced !== undefined) {
        this.pages.delete(key);
        this.chars -= raced.length;
      }
      while (this.pages.size >= maxEntries || this.chars + body.length > maxChars) {
        const [oldest, page] = this.pages.entries().next().value!;
        this.pages.delete(oldest);
        this.chars -= page.length;
      }
      this.pages.set(key, body);
      this.chars += body.length;
    }
    return body;
  }

  get held(): { pages: number; chars: number } {
    return { pages: this.pages.size, chars: this.chars };
  }

  private async changes(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(this.db);
    return Number(rows[0]?.n ?? -1);
  }
}

const caches = new WeakMap<Db, RunListCache>();

/** What the cache of a SQLite database holds, for tests. */
export function cachedRunListPages(db: Db): { pages: number; chars: number } {
  return caches.get(db)?.held ?? { pages: 0, chars: 0 };
}

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
