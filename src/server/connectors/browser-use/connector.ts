import * as z from 'zod/mini';
import type { TakeoverResponse } from '../../../shared/requests';
import {
  usableId,
  WebhookBodyError,
  type Connector,
  type ConnectorSource,
  isDeliveryOf,
  type DeliveryInputOf,
  type DeliveryResult,
  type NormalizedEvent,
  type PlatformContext,
} from '../connector';
import {
  attempt,
  callPlatform,
  classifyReply,
  isOk,
  joinUrl,
  platformMessage,
  PlatformUnreachable,
  type CallOptions,
  type PlatformReply,
} from '../kit/http';
import { PlatformReplyError, platformIdSchema, readReply } from '../kit/platform-reply';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import {
  browserUseSessionPageSchema,
  browserUseSessionSchema,
  tasksInOrder,
  toEvent,
  type BrowserUseSession,
} from './browser-use-discovery';
import { verifyBrowserUseWebhook } from './browser-use-signature';

const settingsSchema = z.object({
  handbackTask: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
});
const secretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
type Settings = z.infer<typeof settingsSchema>;
type Secrets = z.infer<typeof secretsSchema>;
type Source = ConnectorSource<Settings, Secrets>;

const label = 'Browser Use';
const sessionsPerPoll = 50;
export const defaultHandbackTask =
  'A person has just used this browser. Continue the previous task from the page as it is now.';

function call(
  source: Source,
  ctx: PlatformContext,
  path: string,
  options: CallOptions,
): Promise<PlatformReply> {
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
    ...options,
    headers: { 'X-Browser-Use-API-Key': source.secrets.apiKey, ...options.headers },
  });
}

/** `GET /tasks/{id}` for the session a webhook's task runs in. */
const taskSessionSchema = z.object({ sessionId: platformIdSchema });

const sessionPath = (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}`;

async function getJson<S extends z.ZodMiniType>(
  source: Source,
  ctx: PlatformContext,
  schema: S,
  path: string,
  query?: Record<string, string>,
): Promise<z.output<S>> {
  const reply = await call(source, ctx, path, { method: 'GET', query });
  if (!isOk(reply)) throw new Error(`GET ${path}: ${label} answered ${platformMessage(reply)}`);
  return readReply(schema, reply.body, `${label}'s reply to GET ${path}`);
}

/** The session with its tasks, or null when Browser Use no longer knows it. */
async function readSession(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
): Promise<BrowserUseSession | null> {
  const reply = await call(source, ctx, sessionPath(sessionId), { method: 'GET' });
  if (reply.status === 404) return null;
  if (!isOk(reply))
    throw new Error(`Session ${sessionId}: ${label} answered ${platformMessage(reply)}`);
  return readReply(browserUseSessionSchema, reply.body, `${label}'s session ${sessionId}`);
}

async function observeSession(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
): Promise<NormalizedEvent> {
  return toEvent(sessionId, await readSession(source, ctx, sessionId));
}

type StatusUpdate = { type: string; sessionId: string | null; taskId: string | null };

/** Both documented payloads: `{ task_id, session_id }` (SDK docs) and `{ taskId, sessionId }` (cloud docs). */
function parseWebhook(rawBody: string): StatusUpdate {
  const { type, payload } = parseWebhookBody(rawBody);
  if (typeof type !== 'string') throw new WebhookBodyError('The body names no event type');
  const fields = objectOrNull(payload) ?? {};
  return {
    type,
    sessionId: usableId(fields.session_id ?? fields.sessionId),
    taskId: usableId(fields.task_id ?? fields.taskId),
  };
}

function handbackTask(source: Source, response: TakeoverResponse): string {
  const followUp = response.decision === 'handback' ? response.followUp?.trim() : undefined;
  return followUp || source.settings.handbackTask || defaultHandbackTask;
}

/** Whether the session already runs (or ran) our follow-up after the task the takeover was about. */
function alreadyDispatched(
  session: BrowserUseSession,
  endedTaskId: string | undefined,
  task: string,
): boolean {
  const tasks = tasksInOrder(session);
  const from = tasks.findIndex((t) => t.id === endedTaskId);
  return tasks.slice(from + 1).some((t) => t.id !== endedTaskId && t.task === task);
}

async function stopSession(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
): Promise<DeliveryResult> {
  const reply = await call(source, ctx, sessionPath(sessionId), {
    method: 'PATCH',
    json: { action: 'stop' },
  });
  // A session Browser Use no longer knows has already ended.
  if (reply.status === 404) return { outcome: 'ok' };
  return classifyReply(reply, label);
}

async function handBack(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
  input: DeliveryInputOf<'takeover'>,
): Promise<DeliveryResult> {
  const task = handbackTask(source, input.response);
  const stored = input.request.externalData.taskId;
  const endedTaskId = typeof stored === 'string' ? stored : undefined;
  if (input.inDoubt || input.attempt > 1) {
    // Browser Use takes no idempotency key: an earlier attempt may have started the task already.
    const session = await readSession(source, ctx, sessionId);
    if (session && alreadyDispatched(session, endedTaskId, task)) return { outcome: 'ok' };
  }
  const reply = await call(source, ctx, '/tasks', {
    method: 'POST',
    json: { task, sessionId },
  });
  if (isOk(reply)) return { outcome: 'ok' };
  // 400: the session is stopped or already runs another task; 404: the session is gone.
  if (reply.status === 400 || reply.status === 404 || reply.status === 409) {
    return {
      outcome: 'conflict',
      error: `the session no longer waits for a hand back (${platformMessage(reply)})`,
    };
  }
  return classifyReply(reply, label);
}

export const browserUseConnector: Connector<Settings, Secrets> = {
  kind: 'browser-use',
  label,
  defaultBaseUrl: 'https://api.browser-use.com/api/v2',
  settingsSchema,
  secretsSchema,

  verifyWebhook: (source, input) => verifyBrowserUseWebhook(source.secrets.webhookSecret, input),

  /** A task status changed: the session and its tasks are read back (the body carries ids only). */
  async webhookEvents(source, input, ctx) {
    const update = parseWebhook(input.rawBody);
    if (update.type !== 'agent.task.status_update') return [];
    let sessionId = update.sessionId;
    if (!sessionId && update.taskId) {
      const task = await getJson(
        source,
        ctx,
        taskSessionSchema,
        `/tasks/${encodeURIComponent(update.taskId)}`,
      );
      sessionId = task.sessionId;
    }
    if (!sessionId) throw new WebhookBodyError('The event names no session or task');
    return [await observeSession(source, ctx, sessionId)];
  },

  /**
   * Active sessions (`GET /sessions?filterBy=active`), each read for its latest task: those waiting for a
   * person become runs. Sessions Countersign already follows are read too, to see them end.
   */
  async poll(source, knownRuns, ctx) {
    const page = await getJson(source, ctx, browserUseSessionPageSchema, '/sessions', {
      filterBy: 'active',
      pageSize: '100',
    });
    const known = new Set(knownRuns.slice(0, sessionsPerPoll).map((r) => r.externalId));
    const active = page.items
      .map((s) => s.id)
      .filter((id) => !known.has(id))
      .slice(0, sessionsPerPoll);
    const events: NormalizedEvent[] = [];
    const problems: string[] = [];
    const look = async (sessionId: string, always: boolean) => {
      try {
        const event = await observeSession(source, ctx, sessionId);
        // A session still at work is nobody's business yet.
        if (always || event.requests.length > 0) events.push(event);
      } catch (error) {
        if (error instanceof PlatformUnreachable) throw error;
        if (error instanceof PlatformReplyError) problems.push(error.message);
      }
    };
    for (const sessionId of known) await look(sessionId, true);
    for (const sessionId of active) await look(sessionId, false);
    return { events, problems };
  },

  async deliver(source, input, ctx) {
    const sessionId =
      typeof input.run.externalData.sessionId === 'string'
        ? input.run.externalData.sessionId
        : input.run.externalId;
    return attempt(async () => {
      if (!isDeliveryOf(input, 'takeover')) {
        return { outcome: 'fatal', error: `${label} has no ${input.request.kind} requests` };
      }
      if (input.response.decision === 'stop') return stopSession(source, ctx, sessionId);
      return handBack(source, ctx, sessionId, input);
    });
  },

  async stop(source, input, ctx) {
    return attempt(() => stopSession(source, ctx, input.run.externalId));
  },

  async testConnection(source, ctx) {
    try {
      const reply = await call(source, ctx, '/sessions', {
        method: 'GET',
        query: { pageSize: '1' },
      });
      if (!isOk(reply))
        return { ok: false, message: `${label} answered ${platformMessage(reply)}` };
      const total = objectOrNull(reply.body)?.totalItems;
      return {
        ok: true,
        message: `Connected to ${label}${typeof total === 'number' ? `; ${total} sessions` : ''}`,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
