import { platformLiveViewOrigins, httpOrigin } from '../../shared/live-view';
import type { Db } from '../db/schema';
import type { EventBus } from '../events/bus';

const cacheMs = 5_000;
const maxRunOrigins = 50;

/**
 * The origins the app may frame (CSP frame-src): the live-view hosts of the platforms that are
 * connected, the live-view origins of runs still open, and origins the operator (or the demo) names.
 * Only page loads ask; the answer is kept until a run changes, or a few seconds (sources change rarely).
 */
export function createFrameSources(
  db: Db,
  extra: () => readonly string[],
  options: { bus?: EventBus; now?: () => number } = {},
): () => Promise<string[]> {
  const now = options.now ?? Date.now;
  let cached: { at: number; origins: string[] } | null = null;
  options.bus?.subscribe((event) => {
    if (event.type === 'run.created' || event.type === 'run.updated') cached = null;
  });
  return async () => {
    if (cached && now() - cached.at < cacheMs) return cached.origins;
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
    cached = { at: now(), origins: [...origins].sort() };
    return cached.origins;
  };
}
