import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { startServer, type RunningServer } from '../../src/server/start';
import { errorBodySchema, errorCodes } from '../../src/shared/errors';
import { listApiRoutes } from './api-routes';
import { captureServerOutput } from './log-capture';
import { nextCase, type FuzzCase } from './fuzz/cases';
import { watchDatabase, type DbWatch } from './fuzz/db-watch';
import { fuzzFixtures, type FuzzFixtures } from './fuzz/fixtures';
import { createPrng } from './fuzz/prng';
import { signedWebhookCases } from './fuzz/signed-webhooks';
import { sendRaw, sendWithFetch, type FuzzReply } from './fuzz/transport';
import { refusingPlatform } from './security-app';

const seed = Number(process.env.FUZZ_SEED ?? 20260321);
const caseCount = Number(process.env.FUZZ_CASES ?? 10_500);
const signedCount = 600;
/** Prototype names are sent as keys everywhere: none of them may land on Object.prototype. */
const prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

/** The code each status must carry (PRODUCT.md §4 and the HTTP notes in the team rules). */
const codesByStatus: Record<number, readonly string[]> = {
  400: ['bad_request'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not_found'],
  408: ['request_timeout'],
  409: ['conflict', 'already_answered', 'expired', 'not_pending'],
  413: ['payload_too_large'],
  422: ['invalid'],
  429: ['rate_limited'],
  431: ['headers_too_large'],
  503: ['unavailable'],
};

const levels = new Set(['debug', 'info', 'warn', 'error']);
// eslint-disable-next-line no-control-regex -- control characters are what the log must not hold
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/u;

/** One JSON entry of the logger's own, written since `since`; null for anything else. */
function logEntry(line: string, since: number): Record<string, unknown> | null {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null) return null;
  const { level, time } = entry as { level?: unknown; time?: unknown };
  if (typeof level !== 'string' || !levels.has(level) || typeof time !== 'string') return null;
  return Date.parse(time) >= since ? (entry as Record<string, unknown>) : null;
}

/** Log lines a request made up: not one JSON entry of the logger's own, a forged date, or raw control bytes. */
function forgedLogLines(lines: readonly string[], since: number): string[] {
  return lines.filter((line) => logEntry(line, since) === null || rawControl.test(line));
}

type Tally = {
  sent: number;
  byStatus: Record<number, number>;
  serverErrors: string[];
  badShapes: string[];
};

function problemWithShape(
  testCase: Pick<FuzzCase, 'method' | 'breaksHttp'>,
  reply: FuzzReply,
): string | null {
  if (reply.status < 400 || testCase.method === 'HEAD') return null;
  if (!reply.headers.get('Content-Type')?.startsWith('application/json')) {
    return `Content-Type ${reply.headers.get('Content-Type')}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body);
  } catch {
    return `not JSON: ${reply.body.slice(0, 120)}`;
  }
  const shaped = z.safeParse(errorBodySchema, parsed);
  if (!shaped.success) return `not the error shape: ${reply.body.slice(0, 120)}`;
  const code = shaped.data.error.code;
  if (!(errorCodes as readonly string[]).includes(code)) return `unknown code ${code}`;
  const expected = codesByStatus[reply.status];
  if (expected && !expected.includes(code)) return `${reply.status} with code ${code}`;
  return null;
}

describe('fuzzing the API and the webhook endpoint', () => {
  let dataDir: string;
  let server: RunningServer;
  let fixtures: FuzzFixtures;
  let watch: DbWatch;
  // The server logs every request (level info), so the checks can look for forged lines.
  let output: ReturnType<typeof captureServerOutput>;
  const startedAt = Date.now();

  beforeAll(async () => {
    output = captureServerOutput();
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-fuzz-'));
    server = await startServer({
      port: 0,
      dataDir,
      adminPassword: 'fuzz-admin-password',
      agentToken: 'fuzz-agent-token',
      webDir: join(dataDir, 'no-web'),
      logLevel: 'info',
      connectors: {
        fetch: refusingPlatform,
        pollIntervalMs: 3_600_000,
        platformTimeoutMs: 1_000,
        delivery: { intervalMs: 3_600_000, backoff: { baseMs: 3_600_000, maxMs: 3_600_000 } },
      },
    });
    fixtures = await fuzzFixtures(server.url, join(dataDir, 'countersign.db'), {
      adminPassword: 'fuzz-admin-password',
      agentToken: 'fuzz-agent-token',
    });
    watch = watchDatabase(join(dataDir, 'countersign.db'));
  }, 60_000);

  afterAll(async () => {
    output?.stop();
    watch?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function send(testCase: FuzzCase): Promise<FuzzReply> {
    try {
      // Large bodies go over their own connection: a server may refuse them early and close it.
      const ownConnection = testCase.raw || (testCase.body?.length ?? 0) > 64 * 1024;
      return ownConnection
        ? await sendRaw(server.port, testCase)
        : await sendWithFetch(server.url, testCase);
    } catch (error) {
      throw new Error(
        `seed ${seed}: ${testCase.label} got no answer: ${String(error)} ${String((error as Error).cause ?? '')}`,
      );
    }
  }

  it('notices a write to the database, so the checks below cannot pass vacuously', async () => {
    const before = watch.snapshot();
    const res = await fetch(`${server.url}/api/v1/rules`, {
      method: 'POST',
      headers: { ...fixtures.adminHeaders, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer: 'cust_watch', tool: 'watched_tool' }),
    });
    expect(res.status).toBe(201);
    expect(watch.wrote()).toBe(true);
    expect(watch.changedTables(before, watch.snapshot())).toContain('rules');
  });

  it(`answers ${caseCount} hostile requests without a 500, in the error shape, and leaves the database alone when it refuses`, async () => {
    const prng = createPrng(seed);
    const context = fixtures.context(listApiRoutes());
    const tally: Tally = { sent: 0, byStatus: {}, serverErrors: [], badShapes: [] };
    const writesByRefusals: string[] = [];
    let baseline = watch.snapshot();
    let auditSeq = watch.auditSeq();
    const rowsBefore = watch.rowCounts();
    const started = performance.now();
    const firstLine = output.lines.length;
    const breakingHttp = { sent: 0, refused: 0 };

    for (let i = 0; i < caseCount; i += 1) {
      const testCase = nextCase(prng, context);
      const reply = await send(testCase);
      tally.sent += 1;
      tally.byStatus[reply.status] = (tally.byStatus[reply.status] ?? 0) + 1;
      if (reply.status >= 500)
        tally.serverErrors.push(
          `#${i} ${testCase.label}: ${reply.status} ${reply.body.slice(0, 200)}`,
        );
      const shape = problemWithShape(testCase, reply);
      if (shape) tally.badShapes.push(`#${i} ${testCase.label}: ${shape}`);
      if (testCase.breaksHttp) {
        breakingHttp.sent += 1;
        if (reply.status >= 400) breakingHttp.refused += 1;
      }

      const accepted = reply.status >= 200 && reply.status < 300;
      if (watch.wrote()) {
        const now = watch.snapshot();
        if (!accepted) {
          // A 409 to an answer is stored under its Idempotency-Key, so a retry replays it: by design.
          const replayable = reply.status === 409 && 'Idempotency-Key' in testCase.headers;
          const changed = watch
            .changedTables(baseline, now)
            .filter((table) => !(replayable && table === 'idempotency_keys'));
          const audit = watch.unexpectedAuditAfter(auditSeq);
          if (changed.length || audit.length) {
            writesByRefusals.push(
              `#${i} ${testCase.label} → ${reply.status} changed ${[...changed, ...audit.map((a) => `audit ${a}`)].join(', ')}`,
            );
          }
        }
        baseline = now;
        auditSeq = watch.auditSeq();
      }
    }

    const logged = output.lines.slice(firstLine);
    const unhandled = logged.filter((line) => line.includes('Unhandled error'));
    const forged = forgedLogLines(logged, startedAt);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz seed ${seed}: ${tally.sent} requests in ${seconds} s; by status ${JSON.stringify(tally.byStatus)}; ` +
        `5xx: ${tally.serverErrors.length}; bad error bodies: ${tally.badShapes.length}; ` +
        `refusals that wrote: ${writesByRefusals.length}; errors logged: ${unhandled.length}; ` +
        `breaking HTTP: ${breakingHttp.refused} of ${breakingHttp.sent} refused; log lines ${logged.length}, forged ${forged.length}; rows before ${JSON.stringify(rowsBefore)}, after ${JSON.stringify(watch.rowCounts())}`,
    );
    expect(tally.serverErrors).toEqual([]);
    expect(tally.badShapes).toEqual([]);
    expect(writesByRefusals).toEqual([]);
    expect(unhandled, 'errors the server logged').toEqual([]);
    expect(forged, 'log lines that are not the logger’s own').toEqual([]);
    expect(logged.length, 'one log line per request at least').toBeGreaterThanOrEqual(
      caseCount - breakingHttp.refused,
    );
    expect(breakingHttp.refused, 'requests that break HTTP reached the parser').toBeGreaterThan(0);
    expect(tally.sent).toBe(caseCount);

    const me = await fetch(`${server.url}/api/v1/me`, { headers: fixtures.adminHeaders });
    expect(me.status).toBe(200);
    const runs = await fetch(`${server.url}/api/v1/runs?limit=5`, {
      headers: fixtures.adminHeaders,
    });
    expect(runs.status).toBe(200);
  }, 240_000);

  it(`answers ${signedCount} correctly signed but hostile webhooks without a 500`, async () => {
    const prng = createPrng(seed + 1);
    const firstLine = output.lines.length;
    const byStatus: Record<number, number> = {};
    const problems: string[] = [];
    for (const testCase of signedWebhookCases(prng, fixtures.webhookSources, signedCount)) {
      const reply = await send(testCase);
      byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
      if (reply.status >= 500 && reply.status !== 503)
        problems.push(`${testCase.label}: ${reply.status} ${reply.body.slice(0, 200)}`);
      const shape = problemWithShape(testCase, reply);
      if (shape) problems.push(`${testCase.label}: ${shape}`);
    }
    console.log(
      `signed webhooks seed ${seed + 1}: ${signedCount} requests; by status ${JSON.stringify(byStatus)}`,
    );
    expect(problems).toEqual([]);
    expect(forgedLogLines(output.lines.slice(firstLine), startedAt)).toEqual([]);
    expect(
      Object.keys(byStatus).length,
      'the signatures reached the parsers, not only the signature check',
    ).toBeGreaterThan(1);
    const me = await fetch(`${server.url}/api/v1/me`, { headers: fixtures.adminHeaders });
    expect(me.status).toBe(200);
  }, 60_000);

  it('leaves Object.prototype as it was after every prototype name the cases sent', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
  });
});
