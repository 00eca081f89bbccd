import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { readCpuMs } from './bench-server';
import { bars, type Figure } from './figures';
import { inParallel, sleep, spread } from './stats';
import { saveSamples } from './table';

/**
 * PostgreSQL with one and with three `npm start` processes behind a local round-robin proxy: `GET
 * /runs` throughput, an answer on one process reaching an agent waiting on another, and one process
 * SIGKILLed while 300 answers go through, with nothing lost or doubled. Needs a PostgreSQL role that may
 * create databases: COUNTERSIGN_BENCH_DATABASE_URL (default postgres://countersign:countersign@127.0.0.1:5432/postgres).
 */
const baseUrl =
  process.env.COUNTERSIGN_BENCH_DATABASE_URL ??
  'postgres://countersign:countersign@127.0.0.1:5432/postgres';
const adminPassword = 'bench-admin-password';
const agentToken = 'cs_bench_agent_token';
const listedRuns = 1000;
const latencySamples = 100;
const killAnswers = 300;
const proxyMain = fileURLToPath(new URL('./round-robin-proxy.ts', import.meta.url));

type Server = { url: string; port: number; child: ChildProcess };

async function startProcess(databaseUrl: string, dataDir: string, secretsKey: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/index.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      COUNTERSIGN_DATA_DIR: dataDir,
      COUNTERSIGN_ADMIN_PASSWORD: adminPassword,
      COUNTERSIGN_AGENT_TOKEN: agentToken,
      COUNTERSIGN_SECRETS_KEY: secretsKey,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const found = /running at (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { url, port: Number(new URL(url).port), child } satisfies Server;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

async function startProxy() {
  const child = fork(proxyMain, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async route(servers: readonly Server[]) {
      const done = new Promise((resolve) => child.once('message', resolve));
      child.send({ targets: servers.map((s) => s.port) });
      await done;
    },
    stop: () => child.kill(),
  };
}

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cs_session='));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

const agent = { Authorization: `Bearer ${agentToken}` };

async function askPlans(url: string, count: number, prefix: string): Promise<string[]> {
  return inParallel(Array.from({ length: count }), 10, async (_, i) => {
    const run = await call(`${url}/api/v1/runs`, 'POST', agent, { title: `${prefix} ${i}` });
    const request = await call(
      `${url}/api/v1/runs/${String(run.body.id)}/requests`,
      'POST',
      agent,
      {
        kind: 'plan',
        plan: `Plan ${i}`,
      },
    );
    if (request.status !== 201) throw new Error(`asking failed: ${request.status}`);
    return String(request.body.id);
  });
}

/** CPU time of each PostgreSQL process (the database's share of the machine), in ms, by pid. */
function postgresCpuMs(): Map<number, number> {
  const times = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      times.set(Number(entry), readCpuMs(Number(entry)));
    } catch {
      // The process ended while being read.
    }
  }
  return times;
}

/** What PostgreSQL's processes used between two readings (a backend that ended meanwhile is missed). */
function postgresCpuSince(before: Map<number, number>): number {
  let used = 0;
  for (const [pid, ms] of postgresCpuMs()) used += ms - (before.get(pid) ?? 0);
  return used;
}

/** The machine's busy and total CPU time so far (all cores), from /proc/stat, in clock ticks. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const ticks = fields.map(Number);
  const idle = ticks[3]! + ticks[4]!;
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function throughput(url: string, cookie: string, servers: readonly Server[]) {
  const load = { url: `${url}/api/v1/runs?limit=50`, connections: 10, headers: { Cookie: cookie } };
  await autocannon({ ...load, duration: 2 });
  const cpuBefore = servers.map((s) => readCpuMs(s.child.pid!));
  const databaseBefore = postgresCpuMs();
  const machineBefore = machineTicks();
  const started = performance.now();
  const result = await autocannon({ ...load, duration: 10 });
  const seconds = (performance.now() - started) / 1000;
  if (result.errors || result.non2xx) {
    throw new Error(`GET /runs: ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
  const cpuMs = servers.reduce((sum, s, i) => sum + readCpuMs(s.child.pid!) - cpuBefore[i]!, 0);
  const databaseMs = postgresCpuSince(databaseBefore);
  const machine = machineTicks();
  return {
    perSecond: result.requests.total / seconds,
    cpuUs: (cpuMs * 1000) / result.requests.total,
    databaseUs: (databaseMs * 1000) / result.requests.total,
    busyPercent:
      (100 * (machine.busy - machineBefore.busy)) / (machine.total - machineBefore.total),
    p99: result.latency.p99,
  };
}

/** An agent on one process waits; a reviewer answers on another; the wait returns on the first. */
async function crossProcessLatency(servers: readonly Server[], cookie: string): Promise<number[]> {
  const ids = await askPlans(servers[0]!.url, latencySamples, 'Latency run');
  const latencies: number[] = [];
  for (const [i, id] of ids.entries()) {
    const waiter = servers[i % 3]!;
    const answerer = servers[(i + 1) % 3]!;
    const waiting = call(`${waiter.url}/api/v1/requests/${id}?wait=30`, 'GET', agent);
    await sleep(30);
    const sent = performance.now();
    const answer = await call(
      `${answerer.url}/api/v1/requests/${id}/response`,
      'POST',
      {
        Cookie: cookie,
      },
      { decision: 'approve' },
    );
    if (answer.status !== 200) throw new Error(`answer failed: ${answer.status}`);
    const reply = await waiting;
    if (reply.body.status !== 'answered')
      throw new Error(`wait ended ${String(reply.body.status)}`);
    latencies.push(performance.now() - sent);
  }
  return latencies;
}

type KillOutcome = { acknowledged: number; retried: number; lost: number; doubled: number };

/**
 * 300 answers through the proxy, 10 at a time, each with an Idempotency-Key and sent again after a
 * network error or a 5xx; after the 100th acknowledgement one process is SIGKILLed. Each request's
 * agent long-polls through the proxy too, polling again when its connection dies. Then the database
 * says whether every acknowledged answer is there once, and every agent got it.
 */
async function killWhileAnswering(
  proxyUrl: string,
  servers: readonly Server[],
  cookie: string,
  databaseUrl: string,
): Promise<KillOutcome> {
  const ids = await askPlans(proxyUrl, killAnswers, 'Kill run');
  let stopAgents = false;
  const received = new Map<string, number>();
  const agents = ids.map(async (id) => {
    while (!stopAgents) {
      try {
        const reply = await call(`${proxyUrl}/api/v1/requests/${id}?wait=20`, 'GET', agent);
        if (reply.body.status === 'answered') {
          received.set(id, (received.get(id) ?? 0) + 1);
          return;
        }
      } catch {
        await sleep(50);
      }
    }
  });
  let acknowledged = 0;
  let retried = 0;
  const victim = servers[1]!;
  await inParallel(ids, 10, async (id) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        const res = await call(
          `${proxyUrl}/api/v1/requests/${id}/response`,
          'POST',
          { Cookie: cookie, 'Idempotency-Key': `kill-${id}` },
          { decision: 'approve' },
        );
        if (res.status === 200) {
          acknowledged += 1;
          if (acknowledged === 100) victim.child.kill('SIGKILL');
          return;
        }
        if (res.status < 500)
          throw new Error(`answer ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('answer ')) throw error;
      }
      retried += 1;
      await sleep(50);
    }
    throw new Error(`answer ${id} never acknowledged`);
  });
  const deadline = Date.now() + 60_000;
  while (received.size < ids.length && Date.now() < deadline) await sleep(100);
  stopAgents = true;
  await Promise.race([Promise.all(agents), sleep(25_000)]);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const rows = await pool.query<{ id: string; status: string; response: string | null }>(
      'SELECT id, status, response FROM requests WHERE id = ANY($1)',
      [ids],
    );
    const answered = rows.rows.filter(
      (r) => r.status === 'answered' && JSON.parse(r.response ?? 'null')?.decision === 'approve',
    ).length;
    const audit = await pool.query<{ target_id: string; n: string }>(
      `SELECT target_id, count(*) AS n FROM audit_log
       WHERE action = 'request.answered' AND target_id = ANY($1) GROUP BY target_id`,
      [ids],
    );
    const doubledInAudit = audit.rows.filter((r) => Number(r.n) > 1).length;
    const doubledAtAgents = [...received.values()].filter((n) => n > 1).length;
    const notReceived = ids.filter((id) => !received.has(id)).length;
    return {
      acknowledged,
      retried,
      lost: ids.length - answered + notReceived,
      doubled: doubledInAudit + doubledAtAgents,
    };
  } finally {
    await pool.end();
  }
}

export async function pgProcesses(): Promise<Figure[]> {
  const admin = new pg.Pool({ connectionString: baseUrl, max: 1 });
  const name = `countersign_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = Object.assign(new URL(baseUrl), { pathname: `/${name}` }).toString();
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-pg-bench-'));
  const secretsKey = randomBytes(32).toString('base64');
  const servers: Server[] = [];
  const proxy = await startProxy();
  try {
    // At once, as a deployment starts them: migrations and first-start setup must not collide.
    servers.push(
      ...(await Promise.all(
        [0, 1, 2].map((i) => startProcess(databaseUrl, join(dataDir, String(i)), secretsKey)),
      )),
    );
    await proxy.route(servers.slice(0, 1));
    const cookie = await signIn(proxy.url);
    await askPlans(proxy.url, listedRuns, 'Listed run');

    const one = await throughput(proxy.url, cookie, servers.slice(0, 1));
    await proxy.route(servers);
    const three = await throughput(proxy.url, cookie, servers);
    const latencies = await crossProcessLatency(servers, cookie);
    const kill = await killWhileAnswering(proxy.url, servers, cookie, databaseUrl);
    await saveSamples('pg-processes', { one, three, latencies, kill });

    const suite = 'pg-processes';
    const latency = spread(latencies);
    return [
      {
        suite,
        what: 'PostgreSQL, 1 process behind the proxy: GET /runs',
        value: one.perSecond,
        unit: 'req/s',
        detail: `10 connections, 10 s; p99 ${one.p99} ms; CPU per request: server ${one.cpuUs.toFixed(0)} µs, PostgreSQL ${one.databaseUs.toFixed(0)} µs; machine ${one.busyPercent.toFixed(0)} % busy`,
      },
      {
        suite,
        what: 'PostgreSQL, 3 processes behind the proxy: GET /runs',
        value: three.perSecond,
        unit: 'req/s',
        detail: `10 connections, 10 s; p99 ${three.p99} ms; CPU per request: servers ${three.cpuUs.toFixed(0)} µs, PostgreSQL ${three.databaseUs.toFixed(0)} µs; machine ${three.busyPercent.toFixed(0)} % busy`,
      },
      {
        suite,
        what: 'PostgreSQL, 3 processes vs 1: GET /runs throughput',
        value: three.perSecond / one.perSecond,
        unit: '×',
        bar: bars.processesRatio,
      },
      {
        suite,
        what: 'PostgreSQL, answer on one process → agent waiting on another, p95',
        value: latency.p95,
        unit: 'ms',
        bar: bars.answerP95,
        detail: `p50 ${latency.p50.toFixed(1)}, max ${latency.max.toFixed(1)} ms; n=${latency.n}`,
      },
      {
        suite,
        what: `PostgreSQL, 1 of 3 processes SIGKILLed during ${killAnswers} answers: lost + doubled`,
        value: kill.lost + kill.doubled,
        unit: '',
        bar: bars.noneLost,
        detail: `${kill.acknowledged} acknowledged, ${kill.retried} sent again after the kill; lost ${kill.lost}, doubled ${kill.doubled}`,
      },
    ];
  } finally {
    await Promise.all(servers.map((s) => stopProcess(s.child)));
    proxy.stop();
    await rm(dataDir, { recursive: true, force: true });
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        break;
      } catch {
        await sleep(100);
      }
    }
    await admin.end();
  }
}
