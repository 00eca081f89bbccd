import type { TakeoverResponse } from '../../../shared/requests';
import {
  isDeliveryOf,
  type DeliveryInput,
  type DeliveryInputOf,
  type DeliveryResult,
  type PlatformContext,
  type StopInput,
} from '../connector';
import { storedText } from '../kit/external-data';
import { attempt, classifyReply, isOk, platformMessage } from '../kit/http';
import {
  browserUseCall,
  browserUseLabel,
  sessionPath,
  type BrowserUseSource,
} from './browser-use-api';
import { readSession, tasksInOrder, type BrowserUseSession } from './browser-use-discovery';

export const defaultHandbackTask =
  'A person has just used this browser. Continue the previous task from the page as it is now.';

function handbackTask(source: BrowserUseSource, response: TakeoverResponse): string {
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
  source: BrowserUseSource,
  ctx: PlatformContext,
  sessionId: string,
): Promise<DeliveryResult> {
  const reply = await browserUseCall(source, ctx)(sessionPath(sessionId), {
    method: 'PATCH',
    json: { action: 'stop' },
  });
  // A session Browser Use no longer knows has already ended.
  if (reply.status === 404) return { outcome: 'ok' };
  return classifyReply(reply, browserUseLabel);
}

/** A hand back is a follow-up task on the same session (`POST /tasks` with its `sessionId`). */
async function handBack(
  source: BrowserUseSource,
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
  const reply = await browserUseCall(source, ctx)('/tasks', {
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
  return classifyReply(reply, browserUseLabel);
}

export async function deliverToBrowserUse(
  source: BrowserUseSource,
  input: DeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  const sessionId = storedText(input.run.externalData, 'sessionId') ?? input.run.externalId;
  return attempt(async () => {
    if (!isDeliveryOf(input, 'takeover')) {
      return {
        outcome: 'fatal',
        error: `${browserUseLabel} has no ${input.request.kind} requests`,
      };
    }
    if (input.response.decision === 'stop') return stopSession(source, ctx, sessionId);
    return handBack(source, ctx, sessionId, input);
  });
}

export async function stopOnBrowserUse(
  source: BrowserUseSource,
  input: StopInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return attempt(() => stopSession(source, ctx, input.run.externalId));
}
