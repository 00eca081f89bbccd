import { type ChildProcess, fork } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchAgentToken = 'cs_bench_agent_token';
export const benchAdminPassword = 'bench-admin-password';
/** The bench servers serve /metrics to this token (the waiting-agents suite reads its gauge). */
export const benchMetricsToken = 'bench-metrics-token';

const serverMain = fileURLToPath(new URL('./server-main.ts', import.meta.url));
export const profilesDir = resolve('bench-results/profiles');

export type BenchServer = {
  url: string;
  pid: number;
  /** `cs_session=…` for the admin user. */
  cookie: string;
  sessionToken: string;
  agent<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  dashboard<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Resident set size of the server process now, and its peak so far, in MB (10^6 bytes). */
  memory(): { rssMb: number; peakMb: number };
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): number;
  /**
   * Runs `work` while the server records a CPU profile, written to bench-results/profiles/<name>.cpuprofile
   * (open it in Chrome DevTools), when profiling is on (`npm run bench -- --cpu-prof`); otherwise just runs it.
   */
  profiled<T>(name: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
};

export type StartOptions = {
  webDir: string;
  /** Lets `profiled` record CPU profiles. */
  profile?: boolean;
  /** Runs on the fresh data directory before the server starts there. */
  prepare?: (dataDir: string) => Promise<void>;
  /** The production default is `info`: one log line per request, here to a file in the data dir. */
  logLevel?: string;
  /** More environment for the server process (a suite's own settings, such as COUNTERSIGN_SLACK_API_URL). */
  env?: Record<string, string>;
};

async function call<T>(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function readMemoryMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: (kb('VmRSS') * 1024) / 1e6, peakMb: (kb('VmHWM') * 1024) / 1e6 };
}

// Linux reports CPU times in clock ticks of 1/100 s (USER_HZ).
const ticksPerSecond = 100;

export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** The real server (startServer) in a child process, on a fresh data directory, with an admin session. */
export async function startBenchServer(options: StartOptions): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-bench-'));
  await options.prepare?.(dataDir);
  const execArgv = ['--import', 'tsx'];
  const log = openSync(join(dataDir, 'server.log'), 'a');
  const child: ChildProcess = fork(serverMain, [], {
    execArgv,
    stdio: ['ignore', log, log, 'ipc'],
    env: {
      ...process.env,
      ...options.env,
      LOG_LEVEL: options.logLevel ?? 'info',
      COUNTERSIGN_METRICS_TOKEN: benchMetricsToken,
      BENCH_SERVER_CONFIG: JSON.stringify({
        dataDir,
        webDir: options.webDir,
        adminPassword: benchAdminPassword,
        agentToken: benchAgentToken,
      }),
    },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((ready, fail) => {
    child.once('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) ready(message.url);
    });
    child.once('exit', (code) =>
      fail(new Error(`The bench server exited with ${code}; see ${join(dataDir, 'server.log')}`)),
    );
  });

  const api = `${url}/api/v1`;
  const session = await fetch(`${api}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: benchAdminPassword }),
  });
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cs_session='));
  if (!cookie) throw new Error(`Signing in to the bench server failed (${session.status})`);
  const agentHeaders = { Authorization: `Bearer ${benchAgentToken}` };

  return {
    url,
    pid: child.pid!,
    cookie,
    sessionToken: cookie.slice('cs_session='.length),
    agent: (method, path, body) => call(`${api}${path}`, method, agentHeaders, body),
    dashboard: (method, path, body) => call(`${api}${path}`, method, { Cookie: cookie }, body),
    memory: () => readMemoryMb(child.pid!),
    cpuMs: () => readCpuMs(child.pid!),
    async profiled(name, work) {
      if (!options.profile) return work();
      await mkdir(profilesDir, { recursive: true });
      const acknowledged = () => new Promise<void>((done) => child.once('message', () => done()));
      child.send({ type: 'profile-start' });
      await acknowledged();
      try {
        return await work();
      } finally {
        child.send({ type: 'profile-stop', path: join(profilesDir, `${name}.cpuprofile`) });
        await acknowledged();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.send('stop');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      // BENCH_KEEP_DATA=1 keeps the data directory (database, server.log) for a look afterwards.
      if (process.env.BENCH_KEEP_DATA === '1') process.stdout.write(`  kept ${dataDir}\n`);
      else await rm(dataDir, { recursive: true, force: true });
    },
  };
}
