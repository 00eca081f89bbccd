import { createHmac, randomUUID } from 'node:crypto';
import { postWebhook, startFakeServer, type RecordedCall, type Reply } from './fake-server';

type FakeTask = {
  id: string;
  sessionId: string;
  task: string;
  status: 'created' | 'started' | 'finished' | 'failed' | 'stopped';
  output: string | null;
  isSuccess: boolean | null;
  metadata: Record<string, string>;
  llm: string;
  startedAt: string;
  finishedAt: string | null;
};

type FakeSession = {
  id: string;
  status: 'active' | 'stopped';
  liveUrl: string;
  keepAlive: boolean;
  persistMemory: boolean;
  startedAt: string;
  finishedAt: string | null;
  tasks: FakeTask[];
};

const detail = (status: number, message: string): Reply => ({ status, body: { detail: message } });

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The Browser Use Cloud v2 API as Countersign uses it: sessions (create, list, get, stop), tasks (create on
 * a session, get), `X-Browser-Use-API-Key` auth with FastAPI-style `{ detail }` errors, and webhooks in
 * both documented signing variants. Timestamps advance one second per task so their order is clear.
 */
export async function startBrowserUseFake(options: { apiKey: string; webhookSecret: string }) {
  const sessions = new Map<string, FakeSession>();
  const tasks = new Map<string, FakeTask>();
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString();
  const authorized = (call: RecordedCall) =>
    call.headers['x-browser-use-api-key'] === options.apiKey;
  const unauthorized = detail(401, 'Invalid API key');
  const itemView = ({ tasks: _tasks, ...session }: FakeSession) => session;
  const taskItem = (task: FakeTask) => ({ ...task });

  const withSession =
    (route: (session: FakeSession, call: RecordedCall) => Reply) =>
    (call: RecordedCall, [id]: string[]): Reply => {
      if (!authorized(call)) return unauthorized;
      const session = sessions.get(id ?? '');
      return session ? route(session, call) : detail(404, 'Session not found');
    };

  const stopSession = (session: FakeSession) => {
    session.status = 'stopped';
    session.finishedAt = tick();
    for (const task of session.tasks) {
      if (task.status === 'started' || task.status === 'created') {
        task.status = 'stopped';
        task.finishedAt = session.finishedAt;
      }
    }
  };

  const fake = await startFakeServer([
    [
      'GET',
      /^\/api\/v2\/sessions$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const filter = call.query.get('filterBy');
        const pageSize = Number(call.query.get('pageSize') ?? 10);
        const all = [...sessions.values()].filter((s) => !filter || s.status === filter);
        return {
          status: 200,
          body: {
            items: all.slice(0, pageSize).map(itemView),
            totalItems: all.length,
            pageNumber: 1,
            pageSize,
          },
        };
      },
    ],
    [
      'POST',
      /^\/api\/v2\/sessions$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const body = (call.body ?? {}) as { keepAlive?: boolean };
        return { status: 201, body: itemView(createSession({ keepAlive: body.keepAlive })) };
      },
    ],
    [
      'GET',
      /^\/api\/v2\/sessions\/([^/]+)$/,
      withSession((session) => ({
        status: 200,
        body: { ...itemView(session), tasks: session.tasks.map(taskItem), publicShareUrl: null },
      })),
    ],
    [
      'PATCH',
      /^\/api\/v2\/sessions\/([^/]+)$/,
      withSession((session, call) => {
        if ((call.body as { action?: unknown } | null)?.action !== 'stop') {
          return detail(422, 'action must be "stop"');
        }
        stopSession(session);
        return { status: 200, body: { ...itemView(session), tasks: session.tasks } };
      }),
    ],
    [
      'POST',
      /^\/api\/v2\/tasks$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const body = (call.body ?? {}) as { task?: unknown; sessionId?: unknown };
        if (typeof body.task !== 'string' || body.task === '') {
          return detail(422, 'task: Field required');
        }
        const session =
          typeof body.sessionId === 'string' ? sessions.get(body.sessionId) : createSession({});
        if (!session) return detail(404, 'Session not found');
        if (session.status === 'stopped') return detail(400, 'Session is stopped');
        if (session.tasks.some((t) => t.status === 'started' || t.status === 'created')) {
          return detail(400, 'Session has a running task');
        }
        const task = runTask(session.id, body.task);
        return { status: 202, body: { id: task.id, sessionId: session.id } };
      },
    ],
    [
      'GET',
      /^\/api\/v2\/tasks\/([^/]+)$/,
      (call, [id]) => {
        if (!authorized(call)) return unauthorized;
        const task = tasks.get(id ?? '');
        return task
          ? { status: 200, body: { ...taskItem(task), steps: [], outputFiles: [] } }
          : detail(404, 'Task not found');
      },
    ],
  ]);

  function createSession(input: { keepAlive?: boolean }): FakeSession {
    const id = randomUUID();
    const session: FakeSession = {
      id,
      status: 'active',
      liveUrl: `https://live.browser-use.com?wss=${id}`,
      keepAlive: input.keepAlive ?? true,
      persistMemory: true,
      startedAt: tick(),
      finishedAt: null,
      tasks: [],
    };
    sessions.set(id, session);
    return session;
  }

  function runTask(sessionId: string, text: string, metadata: Record<string, string> = {}) {
    const task: FakeTask = {
      id: randomUUID(),
      sessionId,
      task: text,
      status: 'started',
      output: null,
      isSuccess: null,
      metadata,
      llm: 'browser-use-2.0',
      startedAt: tick(),
      finishedAt: null,
    };
    tasks.set(task.id, task);
    sessions.get(sessionId)!.tasks.push(task);
    return task;
  }

  /** The task ends; a session without keep-alive closes with it. */
  function endTask(taskId: string, status: 'finished' | 'failed' | 'stopped', output: string) {
    const task = tasks.get(taskId)!;
    task.status = status;
    task.output = output;
    task.isSuccess = status === 'finished';
    task.finishedAt = tick();
    const session = sessions.get(task.sessionId)!;
    if (!session.keepAlive) stopSession(session);
  }

  type Tweak = {
    variant?: 'sorted' | 'raw';
    secret?: string;
    tamper?: boolean;
    timestamp?: number;
    omitSignature?: boolean;
  };

  /** `agent.task.status_update` as Browser Use sends it, signed in either documented variant. */
  function sendStatusUpdate(url: string, taskId: string, tweak: Tweak = {}) {
    const task = tasks.get(taskId)!;
    const secret = tweak.secret ?? options.webhookSecret;
    const seconds = tweak.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {};
    let raw: string;
    if (tweak.variant === 'raw') {
      raw = JSON.stringify({
        type: 'agent.task.status_update',
        timestamp: new Date(seconds * 1000).toISOString(),
        payload: { taskId, sessionId: task.sessionId, status: task.status },
      });
      headers['X-Webhook-Signature'] = createHmac('sha256', secret).update(raw).digest('hex');
    } else {
      const body = {
        type: 'agent.task.status_update',
        timestamp: new Date(seconds * 1000).toISOString(),
        payload: {
          task_id: taskId,
          session_id: task.sessionId,
          status: task.status,
          metadata: task.metadata,
        },
      };
      raw = JSON.stringify(body, null, 1);
      const canonical = JSON.stringify(sortKeys(body));
      headers['X-Browser-Use-Timestamp'] = String(seconds);
      headers['X-Browser-Use-Signature'] = createHmac('sha256', secret)
        .update(`${seconds}.${canonical}`)
        .digest('hex');
    }
    if (tweak.omitSignature) {
      delete headers['X-Webhook-Signature'];
      delete headers['X-Browser-Use-Signature'];
    }
    return postWebhook(url, tweak.tamper ? raw.replace(task.status, 'started') : raw, headers);
  }

  return {
    ...fake,
    baseUrl: `${fake.url}/api/v2`,
    sessions,
    tasks,
    createSession,
    runTask,
    endTask,
    sendStatusUpdate,
    /** Stops the session as if someone did in the Browser Use dashboard. */
    stopElsewhere: (sessionId: string) => stopSession(sessions.get(sessionId)!),
    taskCalls: () => fake.callsTo('POST', '/api/v2/tasks'),
  };
}

export type BrowserUseFake = Awaited<ReturnType<typeof startBrowserUseFake>>;
