import { createHmac, randomUUID } from 'node:crypto';
import { postWebhook, startFakeServer, type RecordedCall, type Reply } from './fake-server';

type FakeField = {
  name: string;
  label: string;
  description?: string;
  required?: boolean;
  placeholder?: string;
  defaultValue?: string;
};

type FakeIntervention = {
  requestId: string;
  message: string;
  fields: FakeField[];
  status: 'pending' | 'resolved';
  response: unknown;
};

type FakeSession = {
  id: string;
  status: 'running' | 'completed' | 'failed' | 'ended';
  /** What the create response gave; `GET /v1/sessions/{id}` does not return it. */
  live_view_url: string;
  headless: boolean;
  tags: string[];
  created_at: string;
  agentStatus: 'running' | 'paused';
  /** The agent's steps so far: `steps` in the session as Anchor returns it. */
  steps: { action: string }[];
  interventions: FakeIntervention[];
  workflows: string[];
};

const errorBody = (code: number, message: string): Reply => ({
  status: code,
  body: { error: { code, message } },
});

/**
 * Anchor Browser's API as Countersign uses it: sessions (create, get, end, statuses), async web tasks,
 * the per-session and cross-session intervention lists, respond, agent pause and resume, `anchor-api-key`
 * auth with `{ error: { code, message } }` errors, and webhooks signed `Anchor-Signature: t=…,v1=…`
 * over `v0:<t>:<raw body>`. A session is read back as Anchor documents it (`session_id`, `status`,
 * `configuration`, `steps`, `tags`, …): no `live_view_url` and no field for the agent's pause, which
 * shows only as the session's `status` being `paused`.
 */
export async function startAnchorFake(options: { apiKey: string; webhookSecret: string }) {
  const sessions = new Map<string, FakeSession>();
  let nextRequest = 1;
  let nextEvent = 1;
  const now = () => new Date().toISOString();
  const authorized = (call: RecordedCall) => call.headers['anchor-api-key'] === options.apiKey;
  const unauthorized = errorBody(401, 'Invalid API key');
  const pending = (session: FakeSession) =>
    session.interventions.filter((item) => item.status === 'pending');
  const statusOf = (session: FakeSession) =>
    session.status === 'running' && session.agentStatus === 'paused' ? 'paused' : session.status;
  const sessionView = (session: FakeSession) => ({
    session_id: session.id,
    team_id: 'team_fake',
    status: statusOf(session),
    duration: 42,
    credits_used: 1,
    configuration: { browser: { headless: { active: session.headless } } },
    playground: false,
    proxy_bytes: 0,
    tokens: {},
    steps: session.steps,
    tags: session.tags,
    created_at: session.created_at,
  });
  const itemView = (session: FakeSession, item: FakeIntervention) => ({
    requestId: item.requestId,
    message: item.message,
    sessionId: session.id,
    tags: session.tags,
    fields: item.fields,
  });

  const withSession =
    (route: (session: FakeSession, call: RecordedCall) => Reply, needsRunning = false) =>
    (call: RecordedCall, [id]: string[]): Reply => {
      if (!authorized(call)) return unauthorized;
      const session = sessions.get(id ?? '');
      if (!session) return errorBody(404, 'Session not found');
      if (needsRunning && session.status !== 'running') {
        return errorBody(400, 'Session is not running');
      }
      return route(session, call);
    };

  const fake = await startFakeServer([
    [
      'POST',
      /^\/v1\/sessions$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const body = call.body as { browser?: { headless?: { active?: unknown } } } | null;
        const session = startSession([], body?.browser?.headless?.active === true);
        return {
          status: 200,
          body: {
            data: {
              id: session.id,
              cdp_url: `wss://connect.anchorbrowser.io?sessionId=${session.id}`,
              live_view_url: session.live_view_url,
            },
          },
        };
      },
    ],
    [
      'GET',
      /^\/v1\/sessions\/all\/status$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const items = [...sessions.values()].map((s) => ({
          session_id: s.id,
          status: statusOf(s),
          created_at: s.created_at,
          tags: s.tags,
        }));
        return { status: 200, body: { data: { count: items.length, items } } };
      },
    ],
    [
      'GET',
      /^\/v1\/sessions\/pending-interventions$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const items = [...sessions.values()]
          .filter((s) => s.status === 'running')
          .flatMap((s) => pending(s).map((item) => itemView(s, item)));
        return { status: 200, body: { data: { count: items.length, items } } };
      },
    ],
    [
      'GET',
      /^\/v1\/sessions\/([^/]+)$/,
      withSession((session) => ({ status: 200, body: { data: sessionView(session) } })),
    ],
    [
      'DELETE',
      /^\/v1\/sessions\/([^/]+)$/,
      withSession((session) => {
        session.status = 'ended';
        return { status: 200, body: { data: { status: 'success' } } };
      }),
    ],
    [
      'GET',
      /^\/v1\/sessions\/([^/]+)\/agent\/requested-human-intervention$/,
      withSession(
        (session) => ({
          status: 200,
          body: {
            data: {
              requests: pending(session).map(({ requestId, message, fields }) => ({
                requestId,
                message,
                fields,
              })),
            },
          },
        }),
        true,
      ),
    ],
    [
      'POST',
      /^\/v1\/sessions\/([^/]+)\/agent\/respond-to-human-intervention$/,
      withSession((session, call) => {
        const body = call.body as { requestId?: unknown; response?: unknown } | null;
        const item = session.interventions.find((i) => i.requestId === body?.requestId);
        if (!item || item.status !== 'pending') {
          return errorBody(500, 'Failed to respond to human intervention: request not found');
        }
        item.status = 'resolved';
        item.response = body?.response;
        return { status: 200, body: { data: { status: 'success' } } };
      }, true),
    ],
    [
      'POST',
      /^\/v1\/sessions\/([^/]+)\/agent\/pause$/,
      withSession((session) => {
        pause(session.id);
        return { status: 200, body: { data: { status: 'success' } } };
      }, true),
    ],
    [
      'POST',
      /^\/v1\/sessions\/([^/]+)\/agent\/resume$/,
      withSession((session) => {
        session.agentStatus = 'running';
        session.steps.push({ action: 'resumed' });
        return { status: 200, body: { data: { status: 'success' } } };
      }, true),
    ],
    [
      'POST',
      /^\/v1\/tools\/perform-web-task$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const session = sessions.get(call.query.get('sessionId') ?? '') ?? startSession();
        const workflowId = randomUUID();
        session.workflows.push(workflowId);
        return { status: 200, body: { data: { status: 'running', workflow_id: workflowId } } };
      },
    ],
  ]);

  function startSession(tags: string[] = [], headless = false): FakeSession {
    const id = randomUUID();
    const session: FakeSession = {
      id,
      status: 'running',
      // Headless sessions have a DevTools inspector instead of a live view.
      live_view_url: headless ? '' : `https://live.anchorbrowser.io?sessionId=${id}`,
      headless,
      tags,
      created_at: now(),
      agentStatus: 'running',
      steps: [{ action: 'navigate' }],
      interventions: [],
      workflows: [],
    };
    sessions.set(id, session);
    return session;
  }

  /** The agent (started with `human_intervention: true`) asks a human. */
  function requestIntervention(sessionId: string, message: string, fields: FakeField[] = []) {
    const item: FakeIntervention = {
      requestId: `hitl_${nextRequest++}`,
      message,
      fields,
      status: 'pending',
      response: null,
    };
    sessions.get(sessionId)!.interventions.push(item);
    return item;
  }

  function pause(sessionId: string) {
    sessions.get(sessionId)!.agentStatus = 'paused';
  }

  type Tweak = { secret?: string; tamper?: boolean; timestamp?: number; omitSignature?: boolean };

  /** A webhook as Anchor delivers it: the envelope, its headers and its signature. */
  function sendWebhook(
    url: string,
    type: string,
    data: Record<string, unknown>,
    tweak: Tweak = {},
  ) {
    const id = `evt_${nextEvent++}`;
    const raw = JSON.stringify({
      id,
      type,
      created: now(),
      project_id: 'proj_fake',
      text: `${type} for session ${String(data.session_id)}`,
      data,
    });
    const timestamp = String(tweak.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', tweak.secret ?? options.webhookSecret)
      .update(`v0:${timestamp}:${raw}`)
      .digest('hex');
    const headers: Record<string, string> = {
      'Anchor-Event': type,
      'Anchor-Delivery-Id': `dlv_${id}`,
      'Anchor-Timestamp': timestamp,
      'User-Agent': 'Anchor-Webhooks/1.0',
    };
    if (!tweak.omitSignature) headers['Anchor-Signature'] = `t=${timestamp},v1=${signature}`;
    return postWebhook(url, tweak.tamper ? raw.replace('hitl_', 'hitX_') : raw, headers);
  }

  return {
    ...fake,
    sessions,
    startSession,
    requestIntervention,
    pause,
    sendWebhook,
    /** `intervention.requested` for the session's newest intervention. */
    sendInterventionRequested(url: string, sessionId: string, tweak: Tweak = {}) {
      const item = sessions.get(sessionId)!.interventions.at(-1)!;
      return sendWebhook(
        url,
        'intervention.requested',
        { session_id: sessionId, request_id: item.requestId, message: item.message },
        tweak,
      );
    },
    /** Someone else answers the intervention (Anchor's dashboard, another tool). */
    resolveElsewhere(sessionId: string, requestId: string) {
      const item = sessions.get(sessionId)!.interventions.find((i) => i.requestId === requestId)!;
      item.status = 'resolved';
      item.response = 'answered elsewhere';
    },
    endSession(sessionId: string, status: 'completed' | 'failed' | 'ended' = 'ended') {
      sessions.get(sessionId)!.status = status;
    },
    respondCalls: (sessionId: string) =>
      fake.callsTo('POST', `/v1/sessions/${sessionId}/agent/respond-to-human-intervention`),
  };
}

export type AnchorFake = Awaited<ReturnType<typeof startAnchorFake>>;
