import { createHmac } from 'node:crypto';
import { postWebhook, startFakeServer, type RecordedCall, type Reply } from './fake-server';

/** A PermissionRequest as the m8tes API returns it (SDK `PermissionRequest`). */
export type FakeGate = {
  request_id: string;
  tool_name: string;
  tool_input: Record<string, unknown>;
  status: 'pending' | 'allowed' | 'denied';
  created_at: string;
  resolved_at: string | null;
  display_name?: string;
  prose?: string;
  can_remember?: boolean;
  remember_default?: boolean;
  timeout_seconds?: number;
};

type FakeRun = {
  id: number;
  status: string;
  name: string | null;
  user_id: string | null;
  metadata: Record<string, unknown>;
  gates: FakeGate[];
  created_at: string;
  updated_at: string;
};

function conflictBody(code: string, message: string): Reply['body'] {
  return { error: { message, error_code: code, details: { error_code: code } } };
}

/**
 * The m8tes v2 API as Countersign uses it: runs, their permission gates, /answer, /approve, /cancel,
 * `GET /runs/` and `/runs/check`, and signed webhooks (`Webhook-Id`, `Webhook-Timestamp`,
 * `Webhook-Signature: v1=hex(HMAC-SHA256(secret, "id.timestamp.body"))`).
 */
export async function startM8tesFake(options: { apiKey: string; webhookSecret: string }) {
  const runs = new Map<number, FakeRun>();
  let nextRunId = 4100;
  let nextGate = 1;
  let nextMessage = 1;
  let apiKey = options.apiKey;

  const authorized = (call: RecordedCall) => call.headers.authorization === `Bearer ${apiKey}`;
  const unauthorized: Reply = { status: 401, body: { error: { message: 'Invalid API key' } } };
  const now = () => new Date().toISOString();
  const runView = (run: FakeRun) => ({
    id: run.id,
    status: run.status,
    name: run.name,
    user_id: run.user_id,
    metadata: run.metadata,
    created_at: run.created_at,
    updated_at: run.updated_at,
  });
  /** Resumes the run once no gate is pending; returns whether it did. */
  const settle = (run: FakeRun): boolean => {
    if (run.status !== 'awaiting_approval' || run.gates.some((g) => g.status === 'pending')) {
      return false;
    }
    run.status = 'running';
    return true;
  };

  const withRun =
    (route: (run: FakeRun, call: RecordedCall) => Reply) =>
    (call: RecordedCall, [id]: string[]): Reply => {
      if (!authorized(call)) return unauthorized;
      const run = runs.get(Number(id));
      if (!run) return { status: 404, body: conflictBody('run_not_found', 'Run not found') };
      return route(run, call);
    };

  const fake = await startFakeServer([
    [
      'GET',
      /^\/api\/v2\/runs\/check$/,
      (call) =>
        authorized(call)
          ? {
              status: 200,
              body: {
                total_count: runs.size,
                latest_run_id: nextRunId - 1,
                awaiting_count: [...runs.values()].filter((r) => r.status === 'awaiting_approval')
                  .length,
                latest_change_at: now(),
              },
            }
          : unauthorized,
    ],
    [
      'GET',
      /^\/api\/v2\/runs\/?$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const status = call.query.get('status');
        const data = [...runs.values()].filter((r) => !status || r.status === status).map(runView);
        return { status: 200, body: { data, has_more: false } };
      },
    ],
    ['GET', /^\/api\/v2\/runs\/(\d+)$/, withRun((run) => ({ status: 200, body: runView(run) }))],
    [
      'GET',
      /^\/api\/v2\/runs\/(\d+)\/permissions$/,
      withRun((run) => ({ status: 200, body: run.gates })),
    ],
    [
      'POST',
      /^\/api\/v2\/runs\/(\d+)\/answer$/,
      withRun((run, call) => {
        if (run.status !== 'awaiting_approval') {
          return {
            status: 409,
            body: conflictBody('run_not_awaiting', 'Run is not awaiting approval'),
          };
        }
        const body = call.body as { request_id?: string; answers?: Record<string, string> };
        const gate = run.gates.find(
          (g) =>
            g.status === 'pending' &&
            g.tool_name === 'AskUserQuestion' &&
            (!body.request_id || g.request_id === body.request_id),
        );
        if (!gate) return { status: 404, body: conflictBody('gate_not_found', 'No open question') };
        gate.status = 'allowed';
        gate.resolved_at = now();
        return { status: 200, body: { status: 'ok', resumed: settle(run) } };
      }),
    ],
    [
      'POST',
      /^\/api\/v2\/runs\/(\d+)\/approve$/,
      withRun((run, call) => {
        const body = call.body as { request_id?: string; decision?: string; remember?: boolean };
        if (['completed', 'failed', 'cancelled', 'closed'].includes(run.status)) {
          return { status: 409, body: conflictBody('run_not_active', 'Run is not active') };
        }
        const gate = run.gates.find((g) => g.request_id === body.request_id);
        if (!gate) return { status: 404, body: conflictBody('gate_not_found', 'Gate not found') };
        const wanted = body.decision === 'deny' ? 'denied' : 'allowed';
        if (gate.status !== 'pending' && gate.status !== wanted) {
          return {
            status: 404,
            body: conflictBody('gate_resolved_otherwise', 'Resolved otherwise'),
          };
        }
        gate.status = wanted;
        gate.resolved_at = now();
        const resumed = settle(run);
        return { status: 200, body: { ...gate, resumed, remembered: Boolean(body.remember) } };
      }),
    ],
    [
      'POST',
      /^\/api\/v2\/runs\/(\d+)\/cancel$/,
      withRun((run) => {
        if (['completed', 'failed', 'cancelled', 'closed'].includes(run.status)) {
          return { status: 409, body: conflictBody('run_not_active', 'Run is not active') };
        }
        run.status = 'cancelled';
        return { status: 200, body: runView(run) };
      }),
    ],
  ]);

  function createRun(input: { name?: string; user_id?: string } = {}): number {
    const id = nextRunId++;
    runs.set(id, {
      id,
      status: 'running',
      name: input.name ?? null,
      user_id: input.user_id ?? null,
      metadata: {},
      gates: [],
      created_at: now(),
      updated_at: now(),
    });
    return id;
  }

  function openGate(
    runId: number,
    gate: Omit<FakeGate, 'request_id' | 'status' | 'created_at' | 'resolved_at'>,
  ) {
    const run = runs.get(runId)!;
    const full: FakeGate = {
      request_id: `perm_${nextGate++}`,
      status: 'pending',
      created_at: now(),
      resolved_at: null,
      timeout_seconds: 55,
      ...gate,
    };
    run.gates.push(full);
    run.status = 'awaiting_approval';
    return full;
  }

  /** Sends a webhook to `url` as m8tes does; `tamper` changes the body after signing. */
  async function sendWebhook(
    url: string,
    event: string,
    runId: number,
    tweak: {
      secret?: string;
      timestamp?: number;
      tamper?: boolean;
      omit?: string;
      body?: string;
      /** The Webhook-Id of an earlier delivery, to send that delivery again (m8tes retries keep it). */
      id?: string;
    } = {},
  ) {
    const body =
      tweak.body ??
      JSON.stringify({ event, data: { run_id: runId, status: runs.get(runId)?.status } });
    const id = tweak.id ?? `msg_${nextMessage++}`;
    const timestamp = String(tweak.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', tweak.secret ?? options.webhookSecret)
      .update(`${id}.${timestamp}.${body}`)
      .digest('hex');
    const headers: Record<string, string> = {
      'Webhook-Id': id,
      'Webhook-Timestamp': timestamp,
      'Webhook-Signature': `v1=${signature}`,
    };
    if (tweak.omit) delete headers[tweak.omit];
    return postWebhook(
      url,
      tweak.tamper ? body.replace(String(runId), String(runId + 1)) : body,
      headers,
    );
  }

  return {
    ...fake,
    baseUrl: `${fake.url}/api/v2`,
    runs,
    createRun,
    openGate,
    sendWebhook,
    /** Opens a gate whose `request_id` is whatever a broken m8tes might send (`{}`, `true`, `42`, `null`). */
    openOddGate(runId: number, requestId: unknown, gate: Partial<FakeGate> = {}) {
      const full = openGate(runId, { tool_name: 'odd_tool', tool_input: {}, ...gate });
      (full as { request_id: unknown }).request_id = requestId;
      return full;
    },
    /** Resolves a gate as if another approver on m8tes had. */
    resolveGate(runId: number, requestId: string, status: 'allowed' | 'denied') {
      const run = runs.get(runId)!;
      const gate = run.gates.find((g) => g.request_id === requestId)!;
      gate.status = status;
      gate.resolved_at = now();
      settle(run);
    },
    finishRun(runId: number, status: 'completed' | 'failed' | 'cancelled') {
      runs.get(runId)!.status = status;
    },
    setApiKey(key: string) {
      apiKey = key;
    },
    answerCalls: () => fake.callsTo('POST', /\/runs\/\d+\/(answer|approve)$/),
  };
}

export type M8tesFake = Awaited<ReturnType<typeof startM8tesFake>>;
