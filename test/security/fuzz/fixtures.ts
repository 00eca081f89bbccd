import SqliteDatabase from 'better-sqlite3';
import type { ApiRoute } from '../api-routes';
import { disableUserCall } from '../identities';
import type { FuzzContext } from './cases';
import type { Prng } from './prng';

export type WebhookSource = { id: string; kind: 'dari' | 'm8tes' | 'anchor'; secret: string };

const requestBodies = [
  { kind: 'questions', questions: [{ id: 'q1', text: 'Which plan?', options: ['a', 'b'] }] },
  { kind: 'tool', tool: 'refund_order', input: { orderId: 1 }, reason: 'asked' },
  { kind: 'plan', plan: '# Plan\n\n- step' },
  { kind: 'review', output: 'Draft', title: 'Reply' },
  {
    kind: 'message',
    message: 'Need a code',
    fields: [
      { name: 'code', label: 'Code', required: true },
      // Names Object.prototype has, as an agent may choose them (answered with and without them below).
      { name: 'constructor', label: 'Constructor', required: true },
      { name: '__proto__', label: 'Proto', required: true },
    ],
  },
  { kind: 'takeover', instructions: 'Solve the captcha' },
] as const;

const responses = [
  { decision: 'approve' },
  { decision: 'deny', note: 'no' },
  { decision: 'approve', remember: true },
  { decision: 'revise', feedback: 'more' },
  { decision: 'reject', feedback: 'no' },
  { decision: 'handback', followUp: 'go on' },
  { decision: 'stop' },
  { answers: [{ questionId: 'q1', value: 'a' }] },
  { text: 'hello' },
  { fields: { code: '1234' } },
  { fields: JSON.parse('{"code":"1234","constructor":"c","__proto__":"p"}') as object },
];

const templates: FuzzContext['templates'] = {
  'POST /api/v1/session': (prng) => ({
    username: prng.pick(['admin', 'nobody', 'fuzz-viewer']),
    password: prng.pick(['wrong-password', 'x']),
  }),
  'POST /api/v1/runs': (prng) => ({
    title: 'Fuzzed run',
    customer: 'cust_1',
    externalId: `ext-${prng.int(0, 1e9)}`,
    liveUrl: 'https://live.example/view',
    metadata: { order: 1 },
  }),
  'PATCH /api/v1/runs/:id': (prng) =>
    prng.pick([
      { title: 'Renamed' },
      { status: 'completed' },
      { metadata: { a: 1 } },
      { liveUrl: null },
    ]),
  'POST /api/v1/runs/:id/events': () => ({ type: 'step', message: 'Did a thing', data: { n: 1 } }),
  'POST /api/v1/runs/:id/requests': (prng) => ({ ...prng.pick(requestBodies) }),
  'POST /api/v1/requests/:id/response': (prng) => ({ ...prng.pick(responses) }),
  'POST /api/v1/requests/bulk-response': (prng) => ({
    decision: prng.pick(['approve', 'deny']),
    requestIds: [`req_${prng.int(0, 1e6)}`],
  }),
  'POST /api/v1/rules': (prng) => ({
    customer: prng.pick([null, 'cust_1']),
    tool: 'refund_order',
    ...prng.pick([
      {},
      { match: { '/amount': { lte: 50 }, '/currency': { in: ['EUR', 'USD'] } } },
      { maxUses: 3, expiresAt: '2099-01-01T00:00:00Z' },
    ]),
  }),
  'PATCH /api/v1/rules/:id': (prng) => ({ paused: prng.pick([true, false]) }),
  'POST /api/v1/sources': (prng) => ({
    kind: 'dari',
    name: 'Fuzzed Dari',
    baseUrl: 'https://dari.invalid',
    settings: { orgId: 'org', endpointName: 'e' },
    secrets: { apiKey: `key-${prng.int(0, 1e9)}` },
  }),
  'PATCH /api/v1/sources/:id': (prng) =>
    prng.pick([
      { name: 'Renamed' },
      { secrets: { apiKey: null } },
      { baseUrl: 'https://x.invalid' },
    ]),
  'POST /api/v1/users': (prng) => ({
    username: `fuzz-${prng.int(0, 1e9)}`,
    password: 'long-enough-password',
    role: prng.pick(['viewer', 'reviewer', 'admin']),
  }),
  'PATCH /api/v1/users/:id': (prng) =>
    prng.pick([{ role: 'viewer' }, { role: 'admin' }, { disabled: true }, { disabled: false }]),
  'POST /api/v1/agent-tokens': () => ({ name: 'fuzz' }),
  'POST /humanlayer/v1/function_calls': (prng) => ({
    run_id: `hl-${prng.int(0, 5)}`,
    call_id: `call-${prng.int(0, 1e6)}`,
    spec: { fn: 'refund_order', kwargs: { orderId: 1 }, reject_options: [{ name: 'no' }] },
  }),
  'POST /humanlayer/v1/contact_requests': (prng) => ({
    run_id: `hl-${prng.int(0, 5)}`,
    call_id: `contact-${prng.int(0, 1e6)}`,
    spec: { msg: 'Which?', response_options: [{ name: 'a', prompt_fill: 'A' }] },
  }),
  'POST /api/v1/hooks/:sourceId': () => ({
    event_type: 'question',
    job_id: 'job_1',
    question: { batch_id: 'b1', questions: [{ question_id: 'q1', question: 'Which?' }] },
  }),
};

/** Users, sessions, runs, requests, rules, sources and tokens for the fuzzer to aim at, over HTTP. */
export async function fuzzFixtures(
  url: string,
  dbFile: string,
  options: { adminPassword: string; agentToken: string },
) {
  async function api(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures read ids loosely after checking the status
    return { body: (text ? JSON.parse(text) : null) as any, headers: res.headers };
  }

  async function signIn(username: string, password: string): Promise<Record<string, string>> {
    const { headers } = await api('POST', '/session', { username, password });
    return { Cookie: headers.get('Set-Cookie')!.split(';')[0]! };
  }

  const adminHeaders = await signIn('admin', options.adminPassword);
  const agent = { Authorization: `Bearer ${options.agentToken}` };
  const asAdmin = (method: string, path: string, body?: unknown) =>
    api(method, path, body, adminHeaders);
  const asAgent = (method: string, path: string, body?: unknown) => api(method, path, body, agent);

  let users = 0;
  async function createUser(role: string) {
    users += 1;
    const username = `fuzz-${role}-${users}`;
    const password = `${username}-password`;
    const { body } = await asAdmin('POST', '/users', { username, password, role });
    return { id: body.id as string, username, password };
  }
  async function signedIn(role: string) {
    const user = await createUser(role);
    return { user, headers: await signIn(user.username, user.password) };
  }

  const viewer = await signedIn('viewer');
  const reviewer = await signedIn('reviewer');
  const admin = await signedIn('admin');
  const disabled = await signedIn('admin');
  const call = disableUserCall(disabled.user.id);
  await asAdmin(call.method, call.path, call.body);
  const expired = await signedIn('admin');
  const writer = new SqliteDatabase(dbFile);
  writer.pragma('busy_timeout = 5000');
  writer
    .prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
    .run(new Date(Date.now() - 60_000).toISOString(), expired.user.id);
  writer.close();

  const runs: string[] = [];
  const requests: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const { body: run } = await asAgent('POST', '/runs', {
      title: `Fuzz target ${i}`,
      customer: `cust_${i % 3}`,
    });
    runs.push(run.id);
    for (const request of requestBodies.slice(i % 3, (i % 3) + 3)) {
      requests.push((await asAgent('POST', `/runs/${run.id}/requests`, request)).body.id);
    }
  }
  const rules: string[] = [];
  for (const tool of ['deploy', 'send_email', 'close_ticket']) {
    rules.push((await asAdmin('POST', '/rules', { customer: null, tool })).body.id);
  }
  async function createSource(kind: WebhookSource['kind'], label: string): Promise<WebhookSource> {
    const secret = `${kind}-${label}-webhook-secret`;
    const { body } = await asAdmin('POST', '/sources', {
      kind,
      name: `${label} ${kind}`,
      baseUrl: `https://${kind}.invalid`,
      settings: kind === 'dari' ? { orgId: 'org', endpointName: 'support' } : {},
      secrets: { apiKey: `${kind}-${label}-key`, webhookSecret: secret },
    });
    return { id: body.id, kind, secret };
  }
  const sources: string[] = [];
  for (const kind of ['dari', 'm8tes', 'anchor'] as const)
    sources.push((await createSource(kind, 'fuzz')).id);
  // Sources the fuzzer never aims at, so a fuzzed DELETE cannot take them from the signed-webhook batch.
  const webhookSources = [
    await createSource('dari', 'signed'),
    await createSource('m8tes', 'signed'),
    await createSource('anchor', 'signed'),
  ];
  const targets: string[] = [];
  for (const role of ['viewer', 'reviewer', 'admin', 'viewer', 'reviewer']) {
    targets.push((await createUser(role)).id);
  }
  const tokens: string[] = [];
  for (let i = 0; i < 3; i += 1)
    tokens.push((await asAdmin('POST', '/agent-tokens', { name: `fuzz ${i}` })).body.id);

  const identities: Record<string, Record<string, string>> = {
    anonymous: {},
    viewer: viewer.headers,
    reviewer: reviewer.headers,
    admin: admin.headers,
    agent,
    disabled: disabled.headers,
    expired: expired.headers,
    'forged bearer': { Authorization: 'Bearer not-a-real-token' },
    'empty bearer': { Authorization: 'Bearer ' },
    basic: { Authorization: 'Basic YWRtaW46ZnV6ei1hZG1pbi1wYXNzd29yZA==' },
    'bearer and session': { Authorization: 'Bearer not-a-real-token', ...admin.headers },
    'forged cookie': { Cookie: 'cs_session=forged' },
    'huge cookie': { Cookie: `cs_session=${'A'.repeat(6000)}` },
    'two cookies': { Cookie: 'cs_session=a; cs_session=b; cs_session=' },
  };

  return {
    adminHeaders,
    webhookSources,
    context(routes: readonly ApiRoute[]): FuzzContext {
      return {
        routes,
        ids: {
          runs,
          requests,
          rules,
          sources: [...sources, 'native'],
          hooks: [...sources, 'native'],
          users: targets,
          'agent-tokens': tokens,
        },
        identities,
        keepSignedIn: ['viewer', 'reviewer', 'admin', 'bearer and session'],
        templates: templates as Record<string, (prng: Prng) => Record<string, unknown>>,
      };
    },
  };
}

export type FuzzFixtures = Awaited<ReturnType<typeof fuzzFixtures>>;
