import * as z from 'zod/mini';
import { ownRecord } from '../../../shared/own-keys';
import {
  usableId,
  WebhookBodyError,
  type KnownRun,
  type NormalizedEvent,
  type NormalizedRequest,
  type NormalizedRun,
  type PlatformContext,
  type PollResult,
  type WebhookInput,
} from '../connector';
import { getJson, getOneOrNull, lookAt, platformIdSchema } from '../kit/platform-reply';
import { clip, httpUrlOrNull } from '../kit/platform-text';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import {
  browserUseCall,
  browserUseLabel,
  sessionPath,
  type BrowserUseSource,
} from './browser-use-api';

const optionalText = z.optional(z.nullable(z.string()));

/** A task as the v2 `SessionView.tasks[]` and `GET /tasks/{id}` show it (the fields Countersign reads). */
export const browserUseTaskSchema = z.object({
  id: platformIdSchema,
  sessionId: z.optional(z.string()),
  task: optionalText,
  status: z.optional(z.string()),
  output: optionalText,
  metadata: z.optional(z.nullable(ownRecord(z.unknown()))),
  createdAt: optionalText,
  startedAt: optionalText,
});
export type BrowserUseTask = z.output<typeof browserUseTaskSchema>;

/** A v2 `SessionView`: `status` is `active` or `stopped`. */
export const browserUseSessionSchema = z.object({
  status: z.optional(z.string()),
  liveUrl: z.optional(z.unknown()),
  keepAlive: z.optional(z.boolean()),
  tasks: z.optional(z.nullable(z.array(browserUseTaskSchema))),
});
export type BrowserUseSession = z.output<typeof browserUseSessionSchema>;

/** A page of `GET /sessions`: the ids of the sessions listed. */
export const browserUseSessionPageSchema = z.object({
  items: z.array(z.object({ id: platformIdSchema })),
});

const endedTaskStatuses = new Set<unknown>(['finished', 'failed', 'stopped']);

/** The session's tasks, oldest first (by start time where Browser Use gives one). */
export function tasksInOrder(session: BrowserUseSession): BrowserUseTask[] {
  const tasks = session.tasks ?? [];
  const at = (t: BrowserUseTask) =>
    [t.startedAt, t.createdAt].find((v): v is string => typeof v === 'string') ?? '';
  return tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => at(a.task).localeCompare(at(b.task)) || a.index - b.index)
    .map(({ task }) => task);
}

export function latestTask(session: BrowserUseSession): BrowserUseTask | undefined {
  return tasksInOrder(session).at(-1);
}

function runStatus(session: BrowserUseSession): NormalizedRun['status'] {
  if (session.status !== 'stopped') return 'running';
  const last = latestTask(session)?.status;
  if (last === 'finished') return 'completed';
  if (last === 'failed') return 'failed';
  return 'stopped';
}

function firstLine(text: string, max: number): string {
  return clip(text.trim().split('\n')[0]?.trim() ?? '', max);
}

export function toNormalizedRun(
  sessionId: string,
  session: BrowserUseSession | null,
): NormalizedRun {
  if (!session) return { externalId: sessionId, status: 'stopped' };
  const tasks = tasksInOrder(session);
  const first = tasks.find((t) => typeof t.task === 'string' && t.task.trim() !== '');
  const customer = tasks
    .map((t) => t.metadata?.customer)
    .find((c): c is string => typeof c === 'string' && c !== '');
  return {
    externalId: sessionId,
    title:
      (first?.task && firstLine(first.task, 120)) || `Browser Use session ${sessionId.slice(0, 8)}`,
    status: runStatus(session),
    liveUrl: httpUrlOrNull(session.liveUrl) ?? undefined,
    ...(customer ? { customer } : {}),
    externalData: { sessionId },
  };
}

export function takeoverInstructions(task: BrowserUseTask): string {
  const said = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const lines = [`The agent's task ${task.status ?? 'ended'} and the browser stays open for you.`];
  if (said(task.task)) lines.push('', `Task: ${clip(said(task.task), 4000)}`);
  if (said(task.output)) lines.push('', `The agent's output: ${clip(said(task.output), 8000)}`);
  lines.push(
    '',
    'Work in the live view if you need to, then hand back with a follow-up instruction (it runs as the ' +
      'next task in this session), or stop to end the session.',
  );
  return lines.join('\n');
}

export function toTakeoverRequest(task: BrowserUseTask): NormalizedRequest {
  return {
    externalId: `task:${task.id}`,
    request: { kind: 'takeover', instructions: takeoverInstructions(task) },
    externalData: { taskId: task.id },
  };
}

/**
 * One complete look at a session. Browser Use has no pause of its own: a kept-alive session whose latest
 * task has ended waits for a person, so that task becomes a takeover. A new task (someone else's follow-up)
 * or the session stopping resolves it.
 */
export function toEvent(sessionId: string, session: BrowserUseSession | null): NormalizedEvent {
  const run = toNormalizedRun(sessionId, session);
  if (!session || run.status !== 'running') return { run, requests: [], complete: true };
  const latest = latestTask(session);
  const waiting =
    latest !== undefined && endedTaskStatuses.has(latest.status) && session.keepAlive !== false;
  return { run, requests: waiting ? [toTakeoverRequest(latest)] : [], complete: true };
}

const sessionsPerPoll = 50;

/** `GET /tasks/{id}` for the session a webhook's task runs in. */
const taskSessionSchema = z.object({ sessionId: platformIdSchema });

/** The session with its tasks, or null when Browser Use no longer knows it. */
export async function readSession(
  source: BrowserUseSource,
  ctx: PlatformContext,
  sessionId: string,
): Promise<BrowserUseSession | null> {
  const what = `session ${sessionId}`;
  const call = browserUseCall(source, ctx);
  return getOneOrNull(call, browserUseLabel, browserUseSessionSchema, sessionPath(sessionId), what);
}

async function observeSession(
  source: BrowserUseSource,
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

/** A task status changed: the session and its tasks are read back (the body carries ids only). */
export async function browserUseWebhookEvents(
  source: BrowserUseSource,
  input: WebhookInput,
  ctx: PlatformContext,
): Promise<NormalizedEvent[]> {
  const update = parseWebhook(input.rawBody);
  if (update.type !== 'agent.task.status_update') return [];
  let sessionId = update.sessionId;
  if (!sessionId && update.taskId) {
    const task = await getJson(
      browserUseCall(source, ctx),
      browserUseLabel,
      taskSessionSchema,
      `/tasks/${encodeURIComponent(update.taskId)}`,
    );
    sessionId = task.sessionId;
  }
  if (!sessionId) throw new WebhookBodyError('The event names no session or task');
  return [await observeSession(source, ctx, sessionId)];
}

/**
 * Active sessions (`GET /sessions?filterBy=active`), each read for its latest task: those waiting for a
 * person become runs. Sessions Countersign already follows are read too, to see them end.
 */
export async function pollBrowserUse(
  source: BrowserUseSource,
  knownRuns: KnownRun[],
  ctx: PlatformContext,
): Promise<PollResult> {
  const page = await getJson(
    browserUseCall(source, ctx),
    browserUseLabel,
    browserUseSessionPageSchema,
    '/sessions',
    {
      filterBy: 'active',
      pageSize: '100',
    },
  );
  const known = new Set(knownRuns.slice(0, sessionsPerPoll).map((r) => r.externalId));
  const active = page.items
    .map((s) => s.id)
    .filter((id) => !known.has(id))
    .slice(0, sessionsPerPoll);
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  const look = async (sessionId: string, always: boolean) => {
    const event = await lookAt(problems, () => observeSession(source, ctx, sessionId));
    // A session still at work is nobody's business yet.
    if (event && (always || event.requests.length > 0)) events.push(event);
  };
  for (const sessionId of known) await look(sessionId, true);
  for (const sessionId of active) await look(sessionId, false);
  return { events, problems };
}
