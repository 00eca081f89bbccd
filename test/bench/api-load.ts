import autocannon from 'autocannon';
import { benchAgentToken, type BenchServer } from './bench-server';
import { bars, type Bar, type Figure } from './figures';
import type { SeededRun } from './seed';

const connections = 10;
const warmupSeconds = 2;
const measureSeconds = 10;
const answerWarmup = 1000;
const answerMeasured = 5000;
const createTargets = 2000;
/** Waiting runs written before the server starts, each with one pending request, as real runs have. */
export const apiSeedRuns = answerWarmup + answerMeasured + createTargets;

type Load = Omit<autocannon.Options, 'url' | 'connections'>;

function fire(url: string, load: Load): Promise<autocannon.Result> {
  return autocannon({ url, connections, pipelining: 1, ...load });
}

type Measured = { perSecond: number; p50: number; p99: number; total: number; cpuUs: number };

function checked(result: autocannon.Result, what: string) {
  if (result.errors || result.non2xx) {
    throw new Error(`${what}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  }
  return result;
}

/**
 * Runs one load (profiled when asked) and notes the server's CPU time per request, which a busy shared
 * machine inflates far less than it does requests per second.
 */
async function timed(
  server: BenchServer,
  name: string,
  url: string,
  load: Load,
): Promise<Measured> {
  const cpuBefore = server.cpuMs();
  const started = performance.now();
  const result = checked(await server.profiled(`api-${name}`, () => fire(url, load)), name);
  // Timed here: autocannon reports a run's duration in whole ticks, too coarse for a fixed amount.
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = server.cpuMs() - cpuBefore;
  return {
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    cpuUs: (cpuMs * 1000) / result.requests.total,
  };
}

/** Warms up, then measures; both against the same endpoint with the same load. */
async function measure(server: BenchServer, name: string, url: string, load: Load, warmup: Load) {
  checked(await fire(url, { ...load, ...warmup }), `${name} (warm-up)`);
  return timed(server, name, url, load);
}

/** A supply of distinct paths, one per request, for autocannon's setupRequest. */
function pathsFrom(paths: readonly string[]) {
  let next = 0;
  return (request: autocannon.Request) => {
    const path = paths[next++];
    if (!path) throw new Error('Ran out of pending requests to answer');
    return { ...request, path };
  };
}

/**
 * API throughput and latency with autocannon (in this process; the server is its own process), at a fixed
 * concurrency of 10 connections, over 8,000 waiting runs: the run list (first page of 50, as the API
 * defaults and as the inbox asks), answering 5,000 requests (each on its own run), and an agent adding
 * requests to 2,000 runs.
 */
export async function apiLoad(server: BenchServer, seeded: SeededRun[]): Promise<Figure[]> {
  const toAnswer = seeded.slice(0, answerWarmup + answerMeasured).map((r) => r.requestId!);
  const base = `${server.url}/api/v1`;
  const cookie = { Cookie: server.cookie };
  const seconds = { duration: measureSeconds };
  const warm = { duration: warmupSeconds };

  const list = await measure(server, 'runs', `${base}/runs`, { headers: cookie, ...seconds }, warm);
  const inbox = await measure(
    server,
    'runs-inbox',
    `${base}/runs?status=waiting&sort=urgency&limit=50`,
    { headers: cookie, ...seconds },
    warm,
  );

  const answerPaths = toAnswer.map((id) => `/api/v1/requests/${id}/response`);
  const answerLoad = (paths: string[]): Load => ({
    method: 'POST',
    headers: { ...cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ decision: 'approve' }),
    amount: paths.length,
    requests: [{ setupRequest: pathsFrom(paths) }],
  });
  checked(await fire(base, answerLoad(answerPaths.slice(0, answerWarmup))), 'answers (warm-up)');
  const answers = await timed(server, 'answers', base, answerLoad(answerPaths.slice(answerWarmup)));

  const createPaths = seeded
    .slice(answerWarmup + answerMeasured)
    .map((r) => `/api/v1/runs/${r.runId}/requests`);
  let round = 0;
  const createLoad = (duration: number): Load => ({
    method: 'POST',
    headers: { Authorization: `Bearer ${benchAgentToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'tool', tool: 'send_email', input: { to: 'a@example.com' } }),
    duration,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          path: createPaths[round++ % createPaths.length]!,
        }),
      },
    ],
  });
  checked(await fire(base, createLoad(warmupSeconds)), 'create requests (warm-up)');
  const creates = await timed(server, 'create', base, createLoad(measureSeconds));

  const suite = 'api';
  const rows = (what: string, m: Measured, bar?: Bar, how = `${measureSeconds} s`): Figure[] => [
    {
      suite,
      what: `${what}: throughput`,
      value: m.perSecond,
      unit: 'req/s',
      bar,
      detail: `${connections} connections, ${how}; p50 ${m.p50} ms; server CPU ${m.cpuUs.toFixed(0)} µs/request (≈ ${Math.round(1e6 / m.cpuUs)} req/s per core)`,
    },
    { suite, what: `${what}: p99 latency`, value: m.p99, unit: 'ms' },
  ];
  return [
    ...rows('GET /runs (50 rows, activity order)', list, bars.runsThroughput),
    ...rows('GET /runs (50 rows, inbox query)', inbox, bars.runsThroughput),
    ...rows(
      'POST /requests/:id/response (answer)',
      answers,
      undefined,
      `${answerMeasured} answers`,
    ),
    ...rows('POST /runs/:id/requests (agent)', creates),
  ];
}
