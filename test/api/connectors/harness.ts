import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../../src/server/start';
import {
  createServerTestDatabase,
  dropServerTestDatabase,
} from '../../../src/server/testing/test-database';

export const adminPassword = 'connectors-admin-password';

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Short retry delays so backoff shows in milliseconds; polling only when a test asks for it. */
export const fastConnectors: StartOptions['connectors'] = {
  pollIntervalMs: 60 * 60_000,
  delivery: { intervalMs: 25, leaseMs: 10_000, backoff: { baseMs: 40, maxMs: 400 } },
  platformTimeoutMs: 2_000,
};

/**
 * A real server on a temporary data directory (and its own PostgreSQL database when the tests run on
 * PostgreSQL), signed in as admin, with small JSON helpers.
 */
export async function startHarness(
  options: { dataDir?: string; databaseUrl?: string; connectors?: StartOptions['connectors'] } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'countersign-connectors-')));
  const databaseUrl = options.databaseUrl ?? (await createServerTestDatabase());
  let server: RunningServer = await start();
  let cookie = await signIn();

  function start() {
    return startServer({
      port: 0,
      dataDir,
      databaseUrl,
      adminPassword,
      quiet: true,
      connectors: options.connectors ?? fastConnectors,
    });
  }

  async function signIn(): Promise<string> {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    return res.headers.get('Set-Cookie')!.split(';')[0]!;
  }

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Cookie: cookie,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies loosely after asserting the status
    const parsed: any = text ? JSON.parse(text) : null;
    return { status: res.status, body: parsed };
  }

  return {
    dataDir,
    /** The PostgreSQL database when the tests run on one; on SQLite the data directory holds it. */
    databaseUrl,
    get url() {
      return server.url;
    },
    api,
    hookUrl: (sourceId: string) => `${server.url}/api/v1/hooks/${sourceId}`,
    async createSource(input: Record<string, unknown>): Promise<string> {
      const res = await api('POST', '/sources', input);
      if (res.status !== 201)
        throw new Error(`create source: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    async runsOf(sourceId: string) {
      return (await api('GET', `/runs?source=${sourceId}&limit=500`)).body.items as {
        id: string;
      }[];
    },
    /** The source's health as the sources list shows it. */
    async healthOf(sourceId: string) {
      const listed = await api('GET', '/sources');
      return listed.body.items.find((s: { id: string }) => s.id === sourceId)?.health;
    },
    async poll(sourceId: string) {
      return api('POST', `/sources/${sourceId}/poll`);
    },
    /** Closes the server and starts a new one on the same data directory. */
    async restart() {
      await server.close();
      server = await start();
      cookie = await signIn();
    },
    async close() {
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
      if (!options.dataDir && !options.databaseUrl) await dropServerTestDatabase(databaseUrl);
    },
  };
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
