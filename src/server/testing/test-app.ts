import { createApp, type AppOptions } from '../app';
import { bootstrap } from '../bootstrap';
import type { Role } from '../../shared/users';
import { openTestBackend } from './test-database';

export const adminPassword = 'admin-password';
export const agentToken = 'test-agent-token';

export type CallOptions = {
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  cookie?: string;
  headers?: Record<string, string>;
  /** The socket's peer address the app sees. */
  ip?: string;
};

export type CallResult = {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely after asserting the status
  body: any;
  headers: Headers;
};

let userCounter = 0;

/**
 * A fresh database with migrations (in-memory SQLite, or PostgreSQL when COUNTERSIGN_TEST_DATABASE_URL
 * says so), an admin, an agent token, and a clock tests can move forward.
 */
/** A path under /api/v1 as the tests write it (`/runs`), or a path under another API mount as it is. */
export function apiUrl(path: string): string {
  return path.startsWith('/humanlayer/') ? path : `/api/v1${path}`;
}

export async function createTestApp(options: Omit<AppOptions, 'db' | 'bus' | 'now'> = {}) {
  const backend = await openTestBackend();
  const { db, bus } = backend;
  await bootstrap(db, { adminPassword, agentToken, at: new Date().toISOString() });
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const app = createApp({ ...options, db, bus, now });

  async function call(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<CallResult> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.Cookie = options.cookie;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const env = { incoming: { socket: { remoteAddress: options.ip ?? '127.0.0.1' } } };
    const res = await app.request(apiUrl(path), { method, headers, body }, env);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  const agent = (method: string, path: string, body?: unknown) =>
    call(method, path, { token: agentToken, body });

  async function signIn(username: string, password: string): Promise<string> {
    const res = await call('POST', '/session', { body: { username, password } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    const cookie = res.headers.get('Set-Cookie')?.split(';')[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  }

  let adminCookie: string | undefined;
  async function asAdmin(): Promise<string> {
    adminCookie ??= await signIn('admin', adminPassword);
    return adminCookie;
  }

  /** Creates a user with a unique name and returns a session cookie for it. */
  async function userWithRole(
    role: Role,
  ): Promise<{ cookie: string; username: string; id: string }> {
    userCounter += 1;
    const username = `${role}${userCounter}`;
    const password = `${username}-password`;
    const res = await call('POST', '/users', {
      cookie: await asAdmin(),
      body: { username, password, role },
    });
    if (res.status !== 201) throw new Error(`create user failed: ${res.status}`);
    return { cookie: await signIn(username, password), username, id: res.body.id };
  }

  async function createRun(input: Record<string, unknown> = {}) {
    const res = await agent('POST', '/runs', { title: 'Refund order 1042', ...input });
    if (res.status !== 201)
      throw new Error(`create run failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; [key: string]: unknown };
  }

  async function createRequest(runId: string, input: Record<string, unknown>) {
    const res = await agent('POST', `/runs/${runId}/requests`, input);
    if (res.status !== 201)
      throw new Error(`create request failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string; [key: string]: unknown };
  }

  return {
    app,
    db,
    bus,
    now,
    /** Waits until the bus has announced every change committed so far (at once on SQLite). */
    eventsSettled: backend.eventsSettled,
    advanceClock: (ms: number) => {
      offsetMs += ms;
    },
    call,
    agent,
    signIn,
    asAdmin,
    userWithRole,
    createRun,
    createRequest,
    close: backend.close,
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const toolRequest = (input: Record<string, unknown> = {}) => ({
  kind: 'tool',
  tool: 'refund_order',
  input: { orderId: 1042, amount: 25 },
  reason: 'Customer asked for a refund',
  ...input,
});
