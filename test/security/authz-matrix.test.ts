import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationPreferences } from '../../src/shared/notifications';
import type { Role } from '../../src/shared/users';
import { routeTable } from '../../src/server/testing/route-table';
import { fillPath, listApiRoutes } from './api-routes';
import { disableUser, expireSessionsOf } from './identities';
import { createSecurityApp, unique, type SecurityApp } from './security-app';

const identities = [
  'anonymous',
  'viewer',
  'reviewer',
  'admin',
  'agent',
  'disabled',
  'expired',
  'cross-site',
] as const;
type Identity = (typeof identities)[number];
type Expected = Record<Identity, number>;

/** What one call needs: values for the route's `:params` in order, a valid body, and extra headers. */
type Call = { params?: string[]; body?: unknown; headers?: Record<string, string> };
/** A caller of the identity under test made for this call alone, with its password. */
type Caller = { headers: Record<string, string>; password: string };
type Entry = {
  expect: Expected;
  /** `caller` makes the call come from a new user of the same identity, for calls that change the caller. */
  prepare: (s: SecurityApp, caller: () => Promise<Caller>) => Promise<Call & { as?: Caller }>;
};

const rank: Record<Role, number> = { viewer: 1, reviewer: 2, admin: 3 };
// The disabled, expired and cross-site identities are admins: only their state or the page they
// call from may keep them out. A cross-site caller may read (SameSite cookies and CORS protect reads)
// but every state change from another site is refused.
const signedOut = { anonymous: 401, disabled: 401, expired: 401 } as const;

function users(
  minRole: Role,
  ok: number,
  options: { agent?: number; read?: boolean } = {},
): Expected {
  const status = (role: Role) => (rank[role] >= rank[minRole] ? ok : 403);
  return {
    ...signedOut,
    viewer: status('viewer'),
    reviewer: status('reviewer'),
    admin: status('admin'),
    agent: options.agent ?? 403,
    'cross-site': options.read ? status('admin') : 403,
  };
}
const reads = (minRole: Role, ok: number, agent?: number) =>
  users(minRole, ok, { agent, read: true });
const agents = (ok: number): Expected => ({
  ...signedOut,
  viewer: 403,
  reviewer: 403,
  admin: 403,
  agent: ok,
  'cross-site': 403,
});
const everyone = (status: number): Expected =>
  Object.fromEntries(identities.map((identity) => [identity, status])) as Expected;

async function createWebhook(s: SecurityApp): Promise<string> {
  const reply = await s.expectStatus(201, 'POST', '/webhooks', {
    headers: s.asAdmin,
    body: { url: 'https://hooks.example.com/countersign', events: ['request.created'] },
  });
  return (reply.body as { id: string }).id;
}

function pushSubscriptionBody() {
  return {
    endpoint: `https://push.example.com/send/${unique('device')}`,
    keys: {
      p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
      auth: Buffer.alloc(16, 9).toString('base64url'),
    },
  };
}

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
    // A sign-in ends the session it arrives with, so each call comes from a caller of its own.
    expect: { ...everyone(200), 'cross-site': 403 },
    prepare: async (s, caller) => {
      signInUser ??= s.createUser('viewer');
      const { username, password } = await signInUser;
      return { as: await caller(), body: { username, password } };
    },
  },
  'DELETE /api/v1/session': {
    expect: { ...everyone(204), 'cross-site': 403 },
    prepare: async (_s, caller) => ({ as: await caller() }),
  },
  'GET /api/v1/me': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'DELETE /api/v1/me/sessions': {
    expect: users('viewer', 204),
    prepare: async (_s, caller) => ({ as: await caller() }),
  },
  'PUT /api/v1/me/password': {
    expect: users('viewer', 204),
    prepare: async (_s, caller) => {
      const as = await caller();
      return { as, body: { currentPassword: as.password, newPassword: `${as.password}-changed` } };
    },
  },
  'GET /api/v1/runs': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/runs': {
    expect: agents(201),
    prepare: async () => ({ body: { title: unique('New run'), customer: 'cust_1' } }),
  },
  'GET /api/v1/runs/:id': {
    expect: reads('viewer', 200, 200),
    prepare: async (s) => ({ params: [await s.createRun()] }),
  },
  'GET /api/v1/runs/:id/groups/:group': {
    expect: reads('viewer', 200, 200),
    prepare: async (s) => {
      const runId = await s.createRun();
      await s.createToolRequest(runId, 'batch');
      return { params: [runId, 'batch'] };
    },
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
  'PUT /api/v1/runs/:id/presence': {
    expect: users('viewer', 200),
    prepare: async (s) => ({ params: [await s.createRun()] }),
  },
  'DELETE /api/v1/runs/:id/presence': {
    expect: users('viewer', 204),
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
    expect: reads('viewer', 200, 200),
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
  'POST /api/v1/requests/bulk-response': {
    expect: users('reviewer', 200),
    prepare: async (s) => ({
      body: { decision: 'deny', requestIds: [await s.createToolRequest()] },
      headers: { 'Idempotency-Key': unique('key') },
    }),
  },
  'POST /api/v1/requests/:id/retry-delivery': {
    expect: users('reviewer', 200),
    prepare: async (s) => ({ params: [await s.createAnsweredPlatformRequest()] }),
  },
  'POST /api/v1/requests/:id/claim': {
    expect: users('reviewer', 200),
    prepare: async (s) => ({ params: [await s.createToolRequest()] }),
  },
  // Nobody has claimed it, so whoever gets past the guard is told so.
  'POST /api/v1/requests/:id/release': {
    expect: users('reviewer', 409),
    prepare: async (s) => ({ params: [await s.createToolRequest()] }),
  },
  'POST /api/v1/requests/:id/assign': {
    expect: users('admin', 200),
    prepare: async (s) => ({
      params: [await s.createToolRequest()],
      body: { userId: (await s.createUser('reviewer')).id },
    }),
  },
  'GET /api/v1/rules': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/rules': {
    expect: users('admin', 201),
    prepare: async () => ({ body: { customer: null, tool: unique('deploy') } }),
  },
  'PATCH /api/v1/rules/:id': {
    expect: users('admin', 200),
    prepare: async (s) => ({ params: [await s.createRule()], body: { paused: true } }),
  },
  'DELETE /api/v1/rules/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await s.createRule()] }),
  },
  'GET /api/v1/sources': { expect: reads('viewer', 200), prepare: async () => ({}) },
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
  'GET /api/v1/auth/methods': { expect: everyone(200), prepare: async () => ({}) },
  // Single sign-on is off in this app: both land on the sign-in page saying so, whoever calls.
  'GET /api/v1/auth/oidc/start': { expect: everyone(303), prepare: async () => ({}) },
  'GET /api/v1/auth/oidc/callback': { expect: everyone(303), prepare: async () => ({}) },
  'GET /api/v1/auth/oidc/settings': { expect: reads('admin', 200), prepare: async () => ({}) },
  'PUT /api/v1/auth/oidc/role-mapping': {
    expect: users('admin', 200),
    prepare: async () => ({ body: { mapping: [{ group: 'ops', role: 'reviewer' }] } }),
  },
  'GET /api/v1/users': { expect: reads('admin', 200), prepare: async () => ({}) },
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
  'GET /api/v1/groups': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/groups': {
    expect: users('admin', 201),
    prepare: async () => ({ body: { name: unique('billing') } }),
  },
  'PATCH /api/v1/groups/:id': {
    expect: users('admin', 200),
    prepare: async (s) => ({ params: [await s.createGroup()], body: { name: unique('qa') } }),
  },
  'DELETE /api/v1/groups/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await s.createGroup()] }),
  },
  'GET /api/v1/routes': { expect: reads('admin', 200), prepare: async () => ({}) },
  'PUT /api/v1/routes': {
    expect: users('admin', 200),
    prepare: async (s) => ({
      body: { routes: [{ kind: 'tool', groupId: await s.createGroup() }], defaultGroupId: null },
    }),
  },
  'POST /api/v1/routes/preview': {
    expect: users('admin', 200),
    prepare: async () => ({ body: { example: { kind: 'tool', tool: 'deploy' } } }),
  },
  'DELETE /api/v1/users/:id/sessions': {
    expect: users('admin', 204),
    prepare: async (s) => {
      const user = await s.createUser('reviewer');
      await s.signIn(user.username, user.password);
      return { params: [user.id] };
    },
  },
  'GET /api/v1/me/notifications': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'PUT /api/v1/me/notifications': {
    expect: users('viewer', 200),
    prepare: async (_s, caller) => ({
      as: await caller(),
      body: { ...defaultNotificationPreferences, email: 'someone@example.com' },
    }),
  },
  'GET /api/v1/notifications/failures': { expect: reads('admin', 200), prepare: async () => ({}) },
  // Only the sealed token in the link counts: no session helps, and a forged one is refused.
  'GET /api/v1/notifications/unsubscribe': {
    expect: everyone(400),
    prepare: async () => ({ params: [], headers: {} }),
  },
  'POST /api/v1/notifications/unsubscribe': {
    expect: { ...everyone(400), 'cross-site': 403 },
    prepare: async () => ({ params: [] }),
  },
  'POST /api/v1/integrations/slack/interactions': {
    // Slack calls it with no session and no Origin: only the signature lets a click in, and no caller
    // here has one; a browser page on another site is refused before that.
    expect: { ...everyone(401), 'cross-site': 403 },
    prepare: async () => ({}),
  },
  'GET /api/v1/integrations/slack': { expect: reads('admin', 200), prepare: async () => ({}) },
  'PUT /api/v1/integrations/slack': {
    expect: users('admin', 200),
    prepare: async () => ({
      body: { botToken: 'xoxb-test', signingSecret: 'secret', channel: 'C123' },
    }),
  },
  'DELETE /api/v1/integrations/slack': { expect: users('admin', 204), prepare: async () => ({}) },
  'POST /api/v1/integrations/slack/test': {
    // An admin gets past the guard to "connect Slack first".
    expect: users('admin', 409),
    prepare: async () => ({}),
  },
  'GET /api/v1/push/public-key': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'GET /api/v1/push/subscriptions': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'POST /api/v1/push/subscriptions': {
    expect: users('viewer', 201),
    prepare: async () => ({ body: pushSubscriptionBody() }),
  },
  'DELETE /api/v1/push/subscriptions/:id': {
    // The device is the admin's of the setup: every caller is past the guard to "not yours" (404).
    expect: users('viewer', 404),
    prepare: async (s) => {
      const reply = await s.expectStatus(201, 'POST', '/push/subscriptions', {
        headers: s.asAdmin,
        body: pushSubscriptionBody(),
      });
      return { params: [(reply.body as { id: string }).id] };
    },
  },
  'GET /api/v1/webhooks': { expect: reads('admin', 200), prepare: async () => ({}) },
  'POST /api/v1/webhooks': {
    expect: users('admin', 201),
    prepare: async () => ({
      body: { url: 'https://hooks.example.com/countersign', events: ['request.created'] },
    }),
  },
  'DELETE /api/v1/webhooks/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await createWebhook(s)] }),
  },
  'GET /api/v1/webhooks/:id/deliveries': {
    expect: reads('admin', 200),
    prepare: async (s) => ({ params: [await createWebhook(s)] }),
  },
  'POST /api/v1/webhooks/:id/deliveries/:jobId/retry': {
    // An admin gets past the guard to the missing delivery.
    expect: users('admin', 404),
    prepare: async (s) => ({ params: [await createWebhook(s), 'ntf_missing'] }),
  },
  'GET /api/v1/audit': { expect: reads('admin', 200), prepare: async () => ({}) },
  'GET /api/v1/audit.csv': { expect: reads('admin', 200), prepare: async () => ({}) },
  'GET /api/v1/audit/export': { expect: reads('admin', 200), prepare: async () => ({}) },
  'GET /api/v1/agent-tokens': { expect: reads('admin', 200), prepare: async () => ({}) },
  'POST /api/v1/agent-tokens': {
    expect: users('admin', 201),
    prepare: async () => ({ body: { name: unique('ci') } }),
  },
  'DELETE /api/v1/agent-tokens/:id': {
    expect: users('admin', 204),
    prepare: async (s) => ({ params: [await s.createAgentToken()] }),
  },
  'GET /api/v1/stream': { expect: reads('viewer', 200), prepare: async () => ({}) },
  'GET /api/v1/openapi.json': { expect: everyone(200), prepare: async () => ({}) },
  'POST /humanlayer/v1/function_calls': {
    expect: agents(200),
    prepare: async () => ({
      body: { run_id: unique('hl-run'), call_id: unique('call'), spec: { fn: 'f', kwargs: {} } },
    }),
  },
  'GET /humanlayer/v1/function_calls/:callId': {
    expect: agents(200),
    prepare: async (s) => ({ params: [await s.createHumanlayerCall('function_calls')] }),
  },
  'POST /humanlayer/v1/contact_requests': {
    expect: agents(200),
    prepare: async () => ({
      body: { run_id: unique('hl-run'), call_id: unique('call'), spec: { msg: 'Which?' } },
    }),
  },
  'GET /humanlayer/v1/contact_requests/:callId': {
    expect: agents(200),
    prepare: async (s) => ({ params: [await s.createHumanlayerCall('contact_requests')] }),
  },
};

const errorCodes: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden' };
const served = listApiRoutes();
const declared = routeTable();
const routes = [
  ...served,
  ...declared
    .map((entry) => ({
      method: entry.method,
      path: entry.path,
      key: `${entry.method} ${entry.path}`,
    }))
    .filter((entry) => !served.some((route) => route.key === entry.key)),
];

describe('authorisation matrix', () => {
  let s: SecurityApp;
  const standing = {} as Record<Identity, Caller>;
  let checked = 0;

  /** A new user of the identity: signed in, then disabled, expired or calling from another site as needed. */
  async function newCaller(identity: Identity): Promise<Caller> {
    if (identity === 'anonymous') return { headers: {}, password: '' };
    if (identity === 'agent') return { headers: s.asAgent, password: '' };
    const role: Role = identity === 'viewer' || identity === 'reviewer' ? identity : 'admin';
    const user = await s.createUser(role);
    const headers: Record<string, string> = {
      Cookie: await s.signIn(user.username, user.password),
    };
    if (identity === 'disabled') await disableUser(s, user.id);
    if (identity === 'expired') await expireSessionsOf(s.db, user.id);
    if (identity === 'cross-site') {
      headers.Origin = 'https://evil.example';
      headers['Sec-Fetch-Site'] = 'cross-site';
    }
    return { headers, password: user.password };
  }

  beforeAll(async () => {
    s = await createSecurityApp();
    for (const identity of identities) standing[identity] = await newCaller(identity);
  });

  afterAll(async () => {
    console.log(
      `authorisation matrix: ${routes.length} routes × ${identities.length} identities = ${checked} calls`,
    );
    await s.close();
  });

  it('has one row for every route the app serves or the route table declares, and none for others', () => {
    const keys = routes.map((route) => route.key).sort();
    expect(
      keys.filter((key) => !(key in table)),
      'routes missing from the table',
    ).toEqual([]);
    expect(
      Object.keys(table).filter((key) => !keys.includes(key)),
      'rows for no route',
    ).toEqual([]);
    expect(
      served.filter(
        (route) => !declared.some((entry) => `${entry.method} ${entry.path}` === route.key),
      ),
      'routes the exported route table leaves out',
    ).toEqual([]);
  });

  it("agrees with the route table's guards on who gets past them", () => {
    const disagreements = declared.flatMap((entry) => {
      const row = table[`${entry.method} ${entry.path}`];
      if (!row) return [];
      // Past the guard is anything but its 401 or 403: a 400 or 404 comes from the handler.
      const mine = (['admin', 'agent', 'anonymous', 'reviewer', 'viewer'] as const).filter(
        (identity) => row.expect[identity] !== 401 && row.expect[identity] !== 403,
      );
      const theirs = entry.allowed.filter((identity) => identity !== 'platform');
      const same = mine.join() === [...theirs].sort().join();
      return same
        ? []
        : [`${entry.method} ${entry.path}: table ${mine.join()} / guards ${theirs.join()}`];
    });
    expect(disagreements).toEqual([]);
  });

  it.each(routes.map((route) => [route.key, route] as const))('%s', async (key, route) => {
    const entry = table[key];
    expect(entry, `add "${key}" to the table in this file`).toBeDefined();
    if (!entry) return;
    const seen = {} as Expected;
    const wrongBodies: string[] = [];
    for (const identity of identities) {
      const call = await entry.prepare(s, () => newCaller(identity));
      const path = fillPath(route.path.replace(/^\/api\/v1/, ''), call.params ?? []);
      const reply = await s.send(route.method, path, {
        headers: { ...(call.as ?? standing[identity]).headers, ...call.headers },
        body: call.body,
      });
      checked += 1;
      seen[identity] = reply.status;
      const code = errorCodes[reply.status];
      if (code && reply.body?.error?.code !== code) {
        wrongBodies.push(`${identity}: ${reply.status} with ${reply.text}`);
      }
    }
    expect(seen).toEqual(entry.expect);
    expect(wrongBodies, 'error bodies with the wrong code').toEqual([]);
  });
});
