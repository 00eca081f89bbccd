import { createApp } from '../../src/server/app';
import { bootstrap } from '../../src/server/bootstrap';
import type { PlatformHttp } from '../../src/server/connectors/connector';
import { ingestEvents } from '../../src/server/domain/ingest';
import type { Logger } from '../../src/server/lib/logger';
import { ephemeralSecretBox } from '../../src/server/lib/secret-box';
import { apiUrl } from '../../src/server/testing/test-app';
import { openTestBackend } from '../../src/server/testing/test-database';
import type { Role } from '../../src/shared/users';

export const adminPassword = 'security-admin-password';
export const agentToken = 'security-agent-token';

/** Every platform call fails the way an unreachable or unhappy platform does, without leaving the machine. */
export const refusingPlatform: PlatformHttp = async () =>
  new Response(JSON.stringify({ message: 'The fake platform refuses every call' }), {
    status: 503,
    headers: { 'Content-Type': 'application/json' },
  });

export type Reply = {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies loosely after asserting the status
  body: any;
  text: string;
  headers: Headers;
};

export type SendOptions = {
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
};

let counter = 0;
/** A name no other fixture in this process uses. */
export const unique = (label: string) => `${label}-${Date.now().toString(36)}-${(counter += 1)}`;

/** The app on a fresh test database, with the bootstrap admin and agent token, and a log sink. */
export async function createSecurityApp() {
  const backend = await openTestBackend();
  const { db, bus } = backend;
  await bootstrap(db, { adminPassword, agentToken, at: new Date().toISOString() });
  const now = () => new Date();
  const logLines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    logLines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const app = createApp({
    db,
    bus,
    now,
    logger,
    connectors: { http: refusingPlatform, secrets: ephemeralSecretBox() },
  });

  async function send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    let body = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await app.request(apiUrl(path), { method, headers, body });
    if (res.headers.get('Content-Type')?.startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, body: null, text: '', headers: res.headers };
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  async function expectStatus(
    status: number,
    method: string,
    path: string,
    options: SendOptions,
  ): Promise<Reply> {
    const reply = await send(method, path, options);
    if (reply.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${reply.text}`);
    }
    return reply;
  }

  async function signIn(username: string, password: string): Promise<string> {
    const reply = await expectStatus(200, 'POST', '/session', { body: { username, password } });
    const cookie = reply.headers.get('Set-Cookie')?.split(';')[0];
    if (!cookie) throw new Error('sign-in set no cookie');
    return cookie;
  }

  const adminCookie = await signIn('admin', adminPassword);
  const asAdmin = { Cookie: adminCookie };
  const asAgent = { Authorization: `Bearer ${agentToken}` };

  async function createUser(role: Role) {
    const username = unique(role);
    const password = `${username}-password`;
    const reply = await expectStatus(201, 'POST', '/users', {
      headers: asAdmin,
      body: { username, password, role },
    });
    return { id: reply.body.id as string, username, password, role };
  }

  async function createRun(input: Record<string, unknown> = {}): Promise<string> {
    const reply = await expectStatus(201, 'POST', '/runs', {
      headers: asAgent,
      body: { title: unique('Refund order'), customer: 'cust_1', ...input },
    });
    return reply.body.id as string;
  }

  /** A call asked over the HumanLayer-compatible API; returns its call id. */
  async function createHumanlayerCall(
    path: 'function_calls' | 'contact_requests',
  ): Promise<string> {
    const callId = unique('call');
    const spec = path === 'function_calls' ? { fn: 'f', kwargs: {} } : { msg: 'Which?' };
    await expectStatus(200, 'POST', `/humanlayer/v1/${path}`, {
      headers: asAgent,
      body: { run_id: unique('hl-run'), call_id: callId, spec },
    });
    return callId;
  }

  async function createToolRequest(runId?: string, group?: string): Promise<string> {
    const reply = await expectStatus(
      201,
      'POST',
      `/runs/${runId ?? (await createRun())}/requests`,
      {
        headers: asAgent,
        body: {
          kind: 'tool',
          tool: unique('refund_order'),
          input: { orderId: 1042 },
          ...(group ? { group } : {}),
        },
      },
    );
    return reply.body.id as string;
  }

  async function createRule(): Promise<string> {
    const reply = await expectStatus(201, 'POST', '/rules', {
      headers: asAdmin,
      body: { customer: 'cust_1', tool: unique('send_email') },
    });
    return reply.body.id as string;
  }

  async function createGroup(): Promise<string> {
    const reply = await expectStatus(201, 'POST', '/groups', {
      headers: asAdmin,
      body: { name: unique('support') },
    });
    return reply.body.id as string;
  }

  async function createSource(
    secrets: Record<string, string> = { apiKey: unique('dari-key'), webhookSecret: unique('hook') },
  ): Promise<string> {
    const reply = await expectStatus(201, 'POST', '/sources', {
      headers: asAdmin,
      body: {
        kind: 'dari',
        name: unique('Dari'),
        baseUrl: 'https://dari.invalid',
        settings: { orgId: 'org_1', endpointName: 'support' },
        secrets,
      },
    });
    return reply.body.id as string;
  }

  async function createAgentToken(): Promise<string> {
    const reply = await expectStatus(201, 'POST', '/agent-tokens', {
      headers: asAdmin,
      body: { name: unique('ci') },
    });
    return reply.body.id as string;
  }

  /** A platform's request, answered, whose delivery job is still waiting (no worker runs here). */
  async function createAnsweredPlatformRequest(): Promise<string> {
    const sourceId = await createSource();
    const externalId = unique('job');
    await ingestEvents(
      { db, bus, now },
      { id: sourceId, name: 'Dari', label: 'Dari' },
      [
        {
          run: { externalId, title: 'Platform run' },
          requests: [
            {
              externalId: `${externalId}-batch`,
              request: { kind: 'tool', tool: 'refund_order', input: { orderId: 7 } },
            },
          ],
          complete: false,
        },
      ],
      now().toISOString(),
    );
    const run = await db
      .selectFrom('runs')
      .select('id')
      .where('source_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    const request = await db
      .selectFrom('requests')
      .select('id')
      .where('run_id', '=', run.id)
      .executeTakeFirstOrThrow();
    await expectStatus(200, 'POST', `/requests/${request.id}/response`, {
      headers: asAdmin,
      body: { decision: 'approve' },
    });
    return request.id;
  }

  return {
    app,
    db,
    bus,
    logLines,
    send,
    expectStatus,
    signIn,
    asAdmin,
    asAgent,
    createUser,
    createRun,
    createToolRequest,
    createHumanlayerCall,
    createRule,
    createGroup,
    createSource,
    createAgentToken,
    createAnsweredPlatformRequest,
    close: backend.close,
  };
}

export type SecurityApp = Awaited<ReturnType<typeof createSecurityApp>>;
