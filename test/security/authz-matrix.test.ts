import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/users';
import { fillPath, listApiRoutes } from './api-routes';
import { expireSessionsOf, disableUser } from './identities';
import { createSecurityApp, unique, type SecurityApp } from './security-app';

const identities = [
  'anonymous',
  'viewer',
  'reviewer',
  'admin',
  'agent',
  'disabled',
  'expired',
] as const;
type Identity = (typeof identities)[number];
type Expected = Record<Identity, number>;

/** What one call needs: values for the route's `:params` in order, and a valid body. */
type Call = { params?: string[]; body?: unknown; headers?: Record<string, string> };
type Entry = {
  expect: Expected;
  prepare: (s: SecurityApp) => Promise<Call>;
  /** The call ends the caller's own session, so the identity signs in again afterwards. */
  endsSession?: boolean;
};

const rank: Record<Role, number> = { viewer: 1, reviewer: 2, admin: 3 };
// The disabled and expired identities are admins: only their state may keep them out.
const signedOut = { anonymous: 401, disabled: 401, expired: 401 } as const;

function users(minRole: Role, ok: number, agent = 403): Expected {
  const status = (role: Role) => (rank[role] >= rank[minRole] ? ok : 403);
  return {
    ...signedOut,
    viewer: status('viewer'),
    reviewer: status('reviewer'),
    admin: status('admin'),
    agent,
  };
}
const agents = (ok: number): Expected => ({
  ...signedOut,
  viewer: 403,
  reviewer: 403,
  admin: 403,
  agent: ok,
});
const everyone = (status: number): Expected =>
  Object.fromEntries(identities.map((identity) => [identity, status])) as Expected;

let signInUser: Promise<{ username: string; password: string }> | undefined;

/** The one place that says who may call what. Keys are Hono's "METHOD path"; a new route must be added here. */
const table: Record<string, Entry> = {
  'POST /api/v1/hooks/:sourceId': {
    // Neither a session nor an agent token is a webhook credential: only the platform's signature is.
    expect: everyone(401),
    prepare: async (s) => ({
      params: [await s.createSource()],
      body: { event: 'job.questions', job_id: 'job_1', questions: [] },
    }),
  },
  'POST /api/v1/session': {
    expect: everyone(200),
    prepare: async (s) => {
      signInUser ??= s.createUser('viewer');
      const { username, password } = await signInUser;
      return { body: { username, password } };
    },
  },
  'DELETE /api/v1/session': { expect: everyone(204), prepare: async () => ({}), endsSession: true },
  'GET /api/v1/me': { expect: users('viewer', 200), prepare: async () => ({}) },
  'GET /api/v1/runs': { expect: users('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/runs': {
    expect: agents(201),
    prepare: async () => ({ body: { title: unique('New run'), customer: 'cust_1' } }),
  },
  'GET /api/v1/runs/:id': {
    expect: users('viewer', 200, 200),
    prepare: async (s) => ({ params: [await s.createRun()] }),
  },
  'PATCH /api/v1/runs/:id': {
    expect: agents(200),
    prepare: async (s) => ({ params: [await s.createRun()], body: { title: 'Renamed' } }),
  },
  'POST /api/v1/runs/:id/events': {
    expect: agents(201),
    prepare: async (s) => ({
      params: [await s.createRun()],
      body: { type: 'step', message: 'Looked up the order' },
    }),
  },
  'POST /api/v1/runs/:id/stop': {
    expect: users('reviewer', 200),
    prepare: async (s) => ({ params: [await s.createRun()] }),
  },
  'POST /api/v1/runs/:id/requests': {
    expect: agents(201),
    prepare: async (s) => ({
      params: [await s.createRun()],
      body: { kind: 'plan', plan: '# Plan\n\n- one step' },
    }),
  },
  'GET /api/v1/requests/:id': {
    expect: users('viewer', 200, 200),
    prepare: async (s) => ({ params: [await s.createToolRequest()] }),
  },
  'POST /api/v1/requests/:id/response': {
    expect: users('reviewer', 200),
    prepare: async (s) => ({
      params: [await s.createToolRequest()],
      body: { decision: 'approve' },
      headers: { 'Idempotency-Key': unique('key') },
    }),
  },
  'POST /api/v1/requests/:id/retry-delivery': {
    expect: users('reviewer', 200),
    prepare: async (s) => ({ params: [await s.createAnsweredPlatformRequest()] }),
  },
  'GET /api/v1/rules': { expect: users('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/rules': {
    expect: users('admin', 201),
    prepare: async () => ({ body: { customer: null, tool: unique('deploy') } }),
  },
  'DELETE /api/v1/rules/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await s.createRule()] }),
  },
  'GET /api/v1/sources': { expect: users('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/sources': {
    expect: users('admin', 201),
    prepare: async () => ({
      body: {
        kind: 'm8tes',
        name: unique('m8tes'),
        baseUrl: 'https://m8tes.invalid',
        secrets: { apiKey: unique('m8-key') },
      },
    }),
  },
  'PATCH /api/v1/sources/:id': {
    expect: users('admin', 200),
    prepare: async (s) => ({ params: [await s.createSource()], body: { name: unique('Dari') } }),
  },
  'DELETE /api/v1/sources/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await s.createSource()] }),
  },
  'POST /api/v1/sources/:id/test': {
    expect: users('admin', 200),
    prepare: async (s) => ({ params: [await s.createSource()] }),
  },
  'POST /api/v1/sources/:id/poll': {
    expect: users('admin', 200),
    prepare: async (s) => ({ params: [await s.createSource()] }),
  },
  'GET /api/v1/users': { expect: users('admin', 200), prepare: async () => ({}) },
  'POST /api/v1/users': {
    expect: users('admin', 201),
    prepare: async () => ({
      body: { username: unique('new'), password: 'a-long-password', role: 'viewer' },
    }),
  },
  'PATCH /api/v1/users/:id': {
    expect: users('admin', 200),
    prepare: async (s) => ({
      params: [(await s.createUser('viewer')).id],
      body: { role: 'reviewer' },
    }),
  },
  'DELETE /api/v1/users/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [(await s.createUser('viewer')).id] }),
  },
  'GET /api/v1/agent-tokens': { expect: users('admin', 200), prepare: async () => ({}) },
  'POST /api/v1/agent-tokens': {
    expect: users('admin', 201),
    prepare: async () => ({ body: { name: unique('ci') } }),
  },
  'DELETE /api/v1/agent-tokens/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await s.createAgentToken()] }),
  },
  'GET /api/v1/stream': { expect: users('viewer', 200), prepare: async () => ({}) },
};

const errorCodes: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden' };
const routes = listApiRoutes();

describe('authorisation matrix', () => {
  let s: SecurityApp;
  const headersOf = {} as Record<Identity, Record<string, string>>;
  let checked = 0;

  async function signInAs(role: Role): Promise<Record<string, string>> {
    const user = await s.createUser(role);
    return { Cookie: await s.signIn(user.username, user.password) };
  }

  beforeAll(async () => {
    s = await createSecurityApp();
    headersOf.anonymous = {};
    headersOf.viewer = await signInAs('viewer');
    headersOf.reviewer = await signInAs('reviewer');
    headersOf.admin = await signInAs('admin');
    headersOf.agent = s.asAgent;
    const disabled = await s.createUser('admin');
    headersOf.disabled = { Cookie: await s.signIn(disabled.username, disabled.password) };
    await disableUser(s, disabled.id);
    const expired = await s.createUser('admin');
    headersOf.expired = { Cookie: await s.signIn(expired.username, expired.password) };
    await expireSessionsOf(s.db, expired.id);
  });

  afterAll(async () => {
    console.log(
      `authorisation matrix: ${routes.length} routes × ${identities.length} identities = ${checked} calls`,
    );
    await s.close();
  });

  it('has one row for every route the app serves, and none for a route it does not', () => {
    const served = routes.map((route) => route.key).sort();
    expect(
      served.filter((key) => !(key in table)),
      'routes missing from the table',
    ).toEqual([]);
    expect(
      Object.keys(table).filter((key) => !served.includes(key)),
      'rows for no route',
    ).toEqual([]);
  });

  it.each(routes.map((route) => [route.key, route] as const))('%s', async (key, route) => {
    const entry = table[key];
    expect(entry, `add "${key}" to the table in this file`).toBeDefined();
    if (!entry) return;
    const seen = {} as Expected;
    const wrongBodies: string[] = [];
    for (const identity of identities) {
      const call = await entry.prepare(s);
      const path = fillPath(route.path.slice('/api/v1'.length), call.params ?? []);
      const reply = await s.send(route.method, path, {
        headers: { ...headersOf[identity], ...call.headers },
        body: call.body,
      });
      checked += 1;
      seen[identity] = reply.status;
      const code = errorCodes[reply.status];
      if (code && reply.body?.error?.code !== code) {
        wrongBodies.push(`${identity}: ${reply.status} with ${reply.text}`);
      }
      if (entry.endsSession && ['viewer', 'reviewer', 'admin'].includes(identity)) {
        headersOf[identity] = await signInAs(identity as Role);
      }
    }
    expect(seen).toEqual(entry.expect);
    expect(wrongBodies, 'error bodies with the wrong code').toEqual([]);
  });
});
