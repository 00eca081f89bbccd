/**
 * `npm run bench` measures PRODUCT.md §8's bars on the real product: the SPA built by vite into
 * bench-results/web, the real server (startServer) in its own process on a fresh SQLite data dir per
 * suite, Debian's Chromium through Playwright, autocannon and Lighthouse. It prints one table and writes
 * it to bench-results/latest.json (raw samples in bench-results/samples/).
 *
 *   npm run bench                       every suite (about 8 minutes on 2 cores)
 *   npm run bench -- push answer        only these suites
 *   npm run bench -- --no-build         reuse bench-results/web
 *   npm run bench -- api --cpu-prof     also write server CPU profiles to bench-results/profiles/
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { type BenchServer, startBenchServer } from './bench-server';
import { chromiumPath, launchChromium } from './browser';
import { type Figure, verdict } from './figures';
import { answerLatency } from './answer-latency';
import { apiLoad, apiSeedRuns } from './api-load';
import { bigInbox, bigInboxRuns, bigInboxTitle } from './big-inbox';
import { eventStreams } from './event-streams';
import { firstLoadJs } from './first-load-js';
import { historyScale, prepareHistory, type HistoryPrepared } from './history-scale';
import { lighthouseInbox } from './lighthouse';
import { desktopLatency, emailLatency, type MailSink, startMailSink } from './notify-latency';
import { pgProcesses } from './pg-processes';
import { pushLatency } from './push-latency';
import { slackLatency } from './slack-latency';
import { webPushLatency } from './web-push-latency';
import type { SeededRun } from './seed';
import { seedWaitingRunsDirect } from './seed-direct';
import { formatTable, writeJson } from './table';
import { waitingAgentCount, waitingAgents } from './waiting-agents';

type Suite =
  | {
      name: string;
      usesBrowser: boolean;
      ownServers?: false;
      /** Writes data into the fresh data directory before the server starts; its result goes to `run`. */
      prepare?: (dataDir: string) => Promise<unknown>;
      /** More environment for the server, given what `prepare` returned. */
      env?: (prepared: unknown) => Record<string, string>;
      run(server: BenchServer, browser: Browser | null, prepared: unknown): Promise<Figure[]>;
    }
  | {
      name: string;
      usesBrowser: false;
      /** Starts and stops the servers it measures itself (several processes, another database). */
      ownServers: true;
      prepare?: undefined;
      run(): Promise<Figure[]>;
    };

const suites: Suite[] = [
  { name: 'first-load-js', usesBrowser: true, run: (s, b) => firstLoadJs(s, b!) },
  { name: 'push', usesBrowser: true, run: (s, b) => pushLatency(s, b!) },
  { name: 'answer', usesBrowser: true, run: (s, b) => answerLatency(s, b!) },
  { name: 'web-push', usesBrowser: false, ownServers: true, run: () => webPushLatency() },
  {
    name: 'big-inbox',
    usesBrowser: true,
    prepare: (dataDir) => seedWaitingRunsDirect(dataDir, bigInboxRuns, bigInboxTitle),
    run: (s, b) => bigInbox(s, b!),
  },
  {
    name: 'api',
    usesBrowser: false,
    prepare: (dataDir) => seedWaitingRunsDirect(dataDir, apiSeedRuns, 'Load run'),
    run: (s, _, seeded) => apiLoad(s, seeded as SeededRun[]),
  },
  { name: 'streams', usesBrowser: false, run: (s) => eventStreams(s) },
  {
    name: 'waiting',
    usesBrowser: false,
    prepare: (dataDir) => seedWaitingRunsDirect(dataDir, waitingAgentCount, 'Waiting agent'),
    run: (s, _, seeded) => waitingAgents(s, seeded as SeededRun[]),
  },
  {
    name: 'email',
    usesBrowser: false,
    prepare: () => startMailSink(),
    env: (sink) => ({
      COUNTERSIGN_SMTP_URL: (sink as MailSink).url,
      COUNTERSIGN_MAIL_FROM: 'Countersign <countersign@bench.example>',
    }),
    run: (s, _, sink) => emailLatency(s, sink as MailSink),
  },
  { name: 'desktop', usesBrowser: true, run: (s, b) => desktopLatency(s, b!) },
  { name: 'lighthouse', usesBrowser: false, run: (s) => lighthouseInbox(s) },
  { name: 'pg-processes', usesBrowser: false, ownServers: true, run: () => pgProcesses() },
  { name: 'slack', usesBrowser: false, ownServers: true, run: () => slackLatency(webDir) },
  ...[10_000, 100_000, 1_000_000].map((runs): Suite => ({
    name: `history-${runs >= 1e6 ? `${runs / 1e6}m` : `${runs / 1e3}k`}`,
    usesBrowser: false,
    prepare: (dataDir) => prepareHistory(dataDir, runs),
    run: (s, _, prepared) => historyScale(s, prepared as HistoryPrepared, runs),
  })),
];

const resultsDir = resolve('bench-results');
const webDir = join(resultsDir, 'web');
const load = () => loadavg().map((n) => Number(n.toFixed(2)));

function buildApp() {
  process.stdout.write('Building the SPA (vite build) into bench-results/web…\n');
  const built = spawnSync(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--outDir',
      webDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error('vite build failed');
}

function chromiumVersion(): string {
  const out = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' });
  return out.stdout.trim() || 'unknown';
}

function report(got: readonly Figure[]) {
  for (const f of got) {
    process.stdout.write(
      `  ${f.what}: ${f.value.toFixed(2)} ${f.unit} ${verdict(f)} ${f.detail ?? ''}\n`,
    );
  }
}

async function main() {
  const args = process.argv.slice(2);
  const skipBuild = args.includes('--no-build');
  const profile = args.includes('--cpu-prof');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) {
    throw new Error(
      `Unknown suite ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`,
    );
  }
  const selected = names.length ? suites.filter((s) => names.includes(s.name)) : suites;

  const startedAt = new Date();
  const loadAtStart = load();
  process.stdout.write(`Load average at start: ${loadAtStart.join(' ')} (${cpus().length} CPUs)\n`);
  if (!skipBuild) buildApp();
  if (!existsSync(join(webDir, 'index.html'))) throw new Error('No built app in bench-results/web');

  const browser = selected.some((s) => s.usesBrowser) ? await launchChromium() : null;
  const figures: Figure[] = [];
  const runs: Record<string, unknown> = {};
  let failed = false;
  try {
    for (const suite of selected) {
      const before = load();
      const started = performance.now();
      process.stdout.write(`\n▶ ${suite.name} (load ${before.join(' ')})\n`);
      let server: BenchServer | null = null;
      try {
        let got: Figure[];
        if (suite.ownServers) {
          got = await suite.run();
        } else {
          const preparing = performance.now();
          let prepared: unknown;
          server = await startBenchServer({
            webDir,
            profile,
            prepare: async (dataDir) => {
              prepared = await suite.prepare?.(dataDir);
            },
            env: () => suite.env?.(prepared) ?? {},
          });
          if (suite.prepare) {
            const seconds = (performance.now() - preparing) / 1000;
            process.stdout.write(`  seeded and started in ${seconds.toFixed(1)} s\n`);
          }
          got = await suite.run(server, browser, prepared);
        }
        figures.push(...got);
        report(got);
        runs[suite.name] = { ok: true };
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.stdout.write(`  FAILED: ${message}\n`);
        figures.push({
          suite: suite.name,
          what: `${suite.name} (failed)`,
          value: Number.NaN,
          unit: '',
          detail: message.split('\n')[0],
        });
        runs[suite.name] = { ok: false, error: message };
      } finally {
        await server?.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      Object.assign(runs[suite.name] as object, {
        seconds: Number(seconds.toFixed(1)),
        loadBefore: before,
        loadAfter: load(),
      });
      process.stdout.write(`  (${seconds.toFixed(1)} s)\n`);
    }
  } finally {
    await browser?.close();
  }

  const finishedAt = new Date();
  const table = formatTable(figures);
  process.stdout.write(
    `\n${table}\n\nLoad average: ${loadAtStart.join(' ')} at start, ${load().join(' ')} at end; ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s in all.\n`,
  );
  const path = join(resultsDir, 'latest.json');
  await writeJson(path, {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      chromium: browser ? chromiumVersion() : null,
      loadAverage: { start: loadAtStart, end: load() },
    },
    suites: runs,
    figures: figures.map((f) => ({ ...f, verdict: verdict(f) || null })),
    table,
  });
  process.stdout.write(`Wrote ${path}\n`);
  if (failed) process.exitCode = 1;
}

await main();
