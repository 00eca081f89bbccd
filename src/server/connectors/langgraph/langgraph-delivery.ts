import type {
  DeliveryInput,
  DeliveryResult,
  GroupDeliveryInput,
  GroupMember,
  PlatformContext,
  StopInput,
} from '../connector';
import { attempt, classifyReply, isOk, platformMessage } from '../kit/http';
import { objectOrNull } from '../kit/webhook-body';
import { langGraphCall, langGraphLabel, threadPath, type LangGraphSource } from './langgraph-api';
import { assistantOf, pendingInterrupts } from './langgraph-discovery';
import type { InterruptShape } from './langgraph-interrupts';

/** How long a resume is watched for the thread failing at once (a decision the graph refuses). */
const watchMs = 3000;
const watchEveryMs = 250;

type Member = GroupMember;

function requestOf(member: Member): DeliveryInput['request'] {
  return member.status === 'answered' ? member.input.request : member.request;
}

function stored(member: Member) {
  const request = requestOf(member);
  const data = request.externalData;
  return {
    interruptId: typeof data.interruptId === 'string' ? data.interruptId : undefined,
    index: typeof data.index === 'number' ? data.index : 0,
    shape: (data.shape as InterruptShape | undefined) ?? 'hitl-js',
    name: typeof data.name === 'string' ? data.name : 'tool' in request ? request.tool : '',
    allowRespond: data.allowRespond === true,
  };
}

const unanswered = {
  expired: 'Not answered in Countersign before it expired',
  cancelled: 'Not answered in Countersign',
};

/**
 * One decision in the middleware's words (`approve`, `edit` with `editedAction` in JS or `edited_action`
 * in Python, `reject` with a message), or an Agent Inbox `HumanResponse` (`accept`, `edit`, `response`,
 * `ignore`). A member that expired or was cancelled unanswered is rejected with a note saying so.
 */
function decisionFor(member: Member): Record<string, unknown> {
  const info = stored(member);
  const response =
    member.status === 'answered' && member.input.request.kind === 'tool'
      ? (member.input.response as {
          decision: 'approve' | 'deny';
          input?: Record<string, unknown>;
          note?: string;
        })
      : {
          decision: 'deny' as const,
          note: unanswered[member.status === 'expired' ? 'expired' : 'cancelled'],
        };
  if (info.shape === 'inbox') {
    if (response.decision === 'approve') {
      return response.input
        ? { type: 'edit', args: { action: info.name, args: response.input } }
        : { type: 'accept', args: null };
    }
    return info.allowRespond && response.note
      ? { type: 'response', args: response.note }
      : { type: 'ignore', args: null };
  }
  if (response.decision === 'approve') {
    if (!response.input) return { type: 'approve' };
    const key = info.shape === 'hitl-py' ? 'edited_action' : 'editedAction';
    return { type: 'edit', [key]: { name: info.name, args: response.input } };
  }
  return response.note ? { type: 'reject', message: response.note } : { type: 'reject' };
}

/** The resume value of one interrupt: `{ decisions }`, or the Agent Inbox's list of responses. */
export function resumeValue(members: Member[]): unknown {
  const ordered = [...members].sort((a, b) => stored(a).index - stored(b).index);
  const decisions = ordered.map(decisionFor);
  return stored(ordered[0]!).shape === 'inbox' ? decisions : { decisions };
}

async function readThread(source: LangGraphSource, ctx: PlatformContext, threadId: string) {
  const reply = await langGraphCall(source, ctx)(threadPath(threadId), { method: 'GET' });
  return { reply, thread: objectOrNull(reply.body) };
}

/** The thread's error once the resumed run fails, or null when it runs on (or finished) in time. */
async function watchRun(
  source: LangGraphSource,
  ctx: PlatformContext,
  threadId: string,
  runId: string,
): Promise<string | null> {
  const call = langGraphCall(source, ctx);
  const until = Date.now() + watchMs;
  while (Date.now() < until) {
    const reply = await call(threadPath(threadId, `/runs/${encodeURIComponent(runId)}`), {
      method: 'GET',
    });
    const status = objectOrNull(reply.body)?.status;
    if (status === 'error') {
      const joined = await call(threadPath(threadId, `/runs/${encodeURIComponent(runId)}/join`), {
        method: 'GET',
      });
      const body = objectOrNull(joined.body);
      const error = objectOrNull(body?.__error__) ?? body;
      const message = typeof error?.message === 'string' ? error.message : 'the run failed';
      return `The LangGraph thread ended in an error: ${message.slice(0, 500)}`;
    }
    if (status !== 'pending' && status !== 'running') return null;
    await new Promise((resolve) => setTimeout(resolve, watchEveryMs));
  }
  return null;
}

/**
 * Resumes the thread once for a whole interrupt. The thread is read first: an interrupt no longer
 * pending was resumed already (by an earlier interrupted attempt of this job when `inDoubt`, else by
 * someone else: a conflict). With several interrupts pending the resume is keyed by interrupt id.
 */
export async function deliverGroupToLangGraph(
  source: LangGraphSource,
  input: GroupDeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return attempt(async () => {
    const threadId = input.run.externalId;
    const interruptId = stored(input.members[0]!).interruptId;
    if (!interruptId)
      return { outcome: 'fatal', error: 'The request names no LangGraph interrupt' };
    const { reply, thread } = await readThread(source, ctx, threadId);
    if (!isOk(reply) || !thread) return classifyReply(reply, langGraphLabel);
    const pending = pendingInterrupts(thread).map((i) => i.id);
    if (!pending.includes(interruptId)) {
      return input.inDoubt
        ? { outcome: 'ok', note: 'the thread had already been resumed by an earlier attempt' }
        : { outcome: 'conflict', error: 'the thread is no longer waiting on this interrupt' };
    }
    const value = resumeValue(input.members);
    const resume = pending.length > 1 ? { [interruptId]: value } : value;
    const known = input.run.externalData.assistantId;
    const assistantId =
      source.settings.assistantId ??
      (typeof known === 'string' ? known : undefined) ??
      assistantOf(thread);
    if (!assistantId) {
      return { outcome: 'fatal', error: 'Set the assistant id of this LangGraph source' };
    }
    const created = await langGraphCall(source, ctx)(threadPath(threadId, '/runs'), {
      method: 'POST',
      json: { assistant_id: assistantId, command: { resume }, multitask_strategy: 'reject' },
    });
    if (!isOk(created)) return classifyReply(created, langGraphLabel);
    const runId = objectOrNull(created.body)?.run_id;
    if (typeof runId !== 'string') return { outcome: 'ok' };
    const failure = await watchRun(source, ctx, threadId, runId);
    return failure ? { outcome: 'fatal', error: failure } : { outcome: 'ok' };
  });
}

/** Answers always travel as a group (see `deliverGroup`); a lone request is a group of one. */
export function deliverToLangGraph(
  source: LangGraphSource,
  input: DeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return deliverGroupToLangGraph(
    source,
    { ...input, group: '', members: [{ status: 'answered', input }] },
    ctx,
  );
}

/** Stop: cancels the thread's active runs (an interrupted thread has none, and stays as it is). */
export async function stopOnLangGraph(
  source: LangGraphSource,
  input: StopInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return attempt(async () => {
    const call = langGraphCall(source, ctx);
    const threadId = input.run.externalId;
    const listed = await call(threadPath(threadId, '/runs'), { method: 'GET' });
    if (!isOk(listed)) return classifyReply(listed, langGraphLabel);
    const runs = Array.isArray(listed.body) ? listed.body.map(objectOrNull) : [];
    const active = runs.filter((r) => r?.status === 'pending' || r?.status === 'running');
    for (const run of active) {
      if (typeof run?.run_id !== 'string') continue;
      const cancelled = await call(
        threadPath(threadId, `/runs/${encodeURIComponent(run.run_id)}/cancel`),
        { method: 'POST' },
      );
      if (!isOk(cancelled) && cancelled.status !== 404) {
        return { outcome: 'retry', error: `LangGraph answered ${platformMessage(cancelled)}` };
      }
    }
    return { outcome: 'ok' };
  });
}
