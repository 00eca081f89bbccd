import * as z from 'zod/mini';
import { ownRecord } from '../../../shared/own-keys';
import type { NormalizedEvent, NormalizedRequest, NormalizedRun } from '../connector';
import { platformIdSchema } from '../kit/platform-reply';
import { clip, httpUrlOrNull } from '../kit/platform-text';

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
