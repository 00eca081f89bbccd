import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchServer } from './bench-server';
import { bars, type Figure } from './figures';
import { historyTitleWord, rareTitleWord, seedHistory } from './seed-history';
import { spread } from './stats';

export type HistoryPrepared = { dataDir: string; seedSeconds: number; seededAt: number };

export async function prepareHistory(dataDir: string, runs: number): Promise<HistoryPrepared> {
  const { seconds } = await seedHistory(dataDir, runs);
  return { dataDir, seedSeconds: seconds, seededAt: performance.now() };
}

type Series = { ms: number[]; cpuUs: number };

/**
 * Requests one at a time (the latency a person sees on a quiet server), each a distinct URL so that the
 * run-list page cache, which only serves a page asked for again before the next change, never answers.
 */
async function series(server: BenchServer, paths: string[]): Promise<Series> {
  const ms: number[] = [];
  const cpuBefore = server.cpuMs();
  for (const path of paths) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { Cookie: server.cookie } });
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
    await res.arrayBuffer();
    ms.push(performance.now() - started);
  }
  return { ms, cpuUs: ((server.cpuMs() - cpuBefore) * 1000) / paths.length };
}

/** Pages of a list one after another by cursor, varying the page size so no two requests repeat. */
async function pagesOf(server: BenchServer, query: string, requests: number): Promise<string[]> {
  const paths: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; paths.length < requests; i += 1) {
    const path: string = `/runs?${query}&limit=${45 + (i % 11)}${cursor ? `&cursor=${cursor}` : ''}`;
    paths.push(path);
    const page = await server.dashboard<{ nextCursor: string | null }>('GET', path);
    cursor = page.nextCursor;
  }
  return paths;
}

const fileMb = (file: string) => {
  try {
    return statSync(file).size / 1e6;
  } catch {
    return 0;
  }
};

/**
 * A year of history at scale: the inbox and history lists, text search, the database's size and the
 * server's start-up, with `runs` runs seeded directly into SQLite (1,000 of them waiting).
 */
export async function historyScale(
  server: BenchServer,
  prepared: HistoryPrepared,
  runs: number,
): Promise<Figure[]> {
  const startupSeconds = (performance.now() - prepared.seededAt) / 1000;
  const suite = `history-${runs >= 1e6 ? `${runs / 1e6}m` : `${runs / 1e3}k`}`;
  const label = runs.toLocaleString('en');

  const inboxQuery = 'status=waiting&sort=urgency';
  const historyQuery = 'asked=1&search=answers&sort=activity';
  const inbox = await series(server, await pagesOf(server, inboxQuery, 100));
  const history = await series(server, await pagesOf(server, historyQuery, 100));
  // Words no run holds: the worst case, every run read to find none.
  const missCount = runs >= 1e6 ? 20 : 50;
  const misses = Array.from({ length: missCount }, (_, i) => `/runs?${historyQuery}&q=nomatch${i}`);
  const searchMiss = await series(server, misses);
  const rare = Array.from(
    { length: missCount },
    (_, i) => `/runs?${historyQuery}&q=${rareTitleWord}&limit=${45 + i}`,
  );
  const searchRare = await series(server, rare);
  const common = Array.from(
    { length: 50 },
    (_, i) => `/runs?${historyQuery}&q=${historyTitleWord.toLowerCase()}&limit=${45 + i}`,
  );
  const searchCommon = await series(server, common);

  const db = join(prepared.dataDir, 'countersign.db');
  const dbMb = fileMb(db) + fileMb(`${db}-wal`);
  const row = (what: string, s: Series, bar?: Figure['bar']): Figure => {
    const stats = spread(s.ms);
    return {
      suite,
      what: `${label} runs: ${what} p95`,
      value: stats.p95,
      unit: 'ms',
      bar,
      detail: `p50 ${stats.p50.toFixed(1)} ms, ${stats.n} requests one at a time; server CPU ${s.cpuUs.toFixed(0)} µs/request`,
    };
  };
  return [
    row('inbox page (waiting, urgency order)', inbox, bars.historyListP95),
    row('history page (asked, activity order)', history, bars.historyListP95),
    row('search, a word no run has', searchMiss, bars.historySearchP95),
    row(`search, a word one run has`, searchRare, bars.historySearchP95),
    row(`search, a word every run has`, searchCommon, bars.historySearchP95),
    {
      suite,
      what: `${label} runs: database size`,
      value: dbMb,
      unit: 'MB',
      detail: `seeded in ${prepared.seedSeconds.toFixed(1)} s`,
    },
    {
      suite,
      what: `${label} runs: start-up`,
      value: startupSeconds,
      unit: 's',
      detail: 'process start to listening and an admin signed in',
    },
  ];
}
