import { platformLiveViewOrigins, httpOrigin } from '../../shared/live-view';
import type { Db } from '../db/schema';

const cacheMs = 5_000;
const maxRunOrigins = 50;

/**
 * The origins the app may frame (CSP frame-src): the live-view hosts of the platforms that are
 * connected, the live-view origins of runs still open, and origins the operator (or the demo) names.
 * Only page loads ask. The answer is kept while no run has changed (every change records a stream
 * event, so the newest event id says) for a few seconds at most, as sources change rarely.
 */
export function createFrameSources(
  db: Db,
  extra: () => readonly string[],
  now: () => number = Date.now,
): () => Promise<string[]> {
  let cached: { at: number; version: number | null; origins: string[] } | null = null;
  return async () => {
    const latest = await db
      .selectFrom('stream_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const version = latest?.id ?? null;
    if (cached && cached.version === version && now() - cached.at < cacheMs) return cached.origins;
    const [sources, runs] = await Promise.all([
      db.selectFrom('sources').select('kind').distinct().where('deleted_at', 'is', null).execute(),
      db
        .selectFrom('runs')
        .select('live_url')
        .distinct()
        .where('status', 'in', ['running', 'waiting'])
        .where('live_url', 'is not', null)
        .limit(maxRunOrigins * 4)
        .execute(),
    ]);
    const origins = new Set<string>();
    for (const { kind } of sources) {
      for (const origin of platformLiveViewOrigins[kind] ?? []) origins.add(origin);
    }
    for (const value of extra()) {
      const origin = httpOrigin(value);
      if (origin) origins.add(origin);
    }
    let fromRuns = 0;
    for (const { live_url } of runs) {
      const origin = live_url ? httpOrigin(live_url) : null;
      if (!origin || origins.has(origin)) continue;
      if (fromRuns >= maxRunOrigins) break;
      origins.add(origin);
      fromRuns += 1;
    }
    cached = { at: now(), version, origins: [...origins].sort() };
    return cached.origins;
  };
}
