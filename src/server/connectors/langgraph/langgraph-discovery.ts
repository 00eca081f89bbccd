import type {
  NormalizedEvent,
  NormalizedRequest,
  KnownRun,
  PlatformContext,
  PollResult,
} from '../connector';
import { finishedRunStatuses } from '../../../shared/runs';
import { usableId } from '../connector';
import { isOk, platformMessage, PlatformUnreachable } from '../kit/http';
import { clip } from '../kit/platform-text';
import { objectOrNull } from '../kit/webhook-body';
import { langGraphCall, threadPath, type LangGraphSource } from './langgraph-api';
import { groupFor, parseInterrupt, type ParsedInterrupt } from './langgraph-interrupts';

const pageSize = 100;
const maxPages = 10;

export type PendingInterrupt = { id: string; value: unknown };

/** Every interrupt a thread waits on, from its `interrupts` map (task id to interrupts). */
export function pendingInterrupts(thread: Record<string, unknown>): PendingInterrupt[] {
  const byTask = objectOrNull(thread.interrupts);
  if (!byTask) return [];
  const found: PendingInterrupt[] = [];
  for (const list of Object.values(byTask)) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const item = objectOrNull(raw);
      const id = usableId(item?.id ?? item?.interrupt_id);
      if (id) found.push({ id, value: item?.value });
    }
  }
  return found;
}

/** Each action request of an interrupt is one `tool` request; the interrupt is their group. */
export function interruptRequests(parsed: ParsedInterrupt): NormalizedRequest[] {
  const group = groupFor(parsed.id);
  return parsed.actions.map((action, index) => ({
    externalId: `${parsed.id}:${index}`,
    request: {
      kind: 'tool',
      tool: clip(action.name, 200),
      input: action.args,
      ...(action.description ? { reason: clip(action.description, 5000) } : {}),
      canRemember: false,
      editable: action.allowEdit,
      group,
    },
    externalData: {
      interruptId: parsed.id,
      index,
      shape: parsed.shape,
      name: action.name,
      allowRespond: action.allowRespond,
    },
  }));
}

/** The assistant a thread was run with (or its graph), to resume it with the same. */
export function assistantOf(thread: Record<string, unknown>): string | undefined {
  const metadata = objectOrNull(thread.metadata);
  const id = metadata?.assistant_id ?? metadata?.graph_id;
  return typeof id === 'string' ? id : undefined;
}

function threadEvent(threadId: string, thread: Record<string, unknown>, problems: string[]) {
  const requests: NormalizedRequest[] = [];
  for (const pending of pendingInterrupts(thread)) {
    const parsed = parseInterrupt(pending.id, pending.value);
    if (!parsed) {
      problems.push(`Thread ${threadId}: interrupt ${pending.id} is not a tool approval`);
      continue;
    }
    requests.push(...interruptRequests(parsed));
  }
  const metadata = objectOrNull(thread.metadata);
  const graph = typeof metadata?.graph_id === 'string' ? metadata.graph_id : 'LangGraph';
  const assistantId = assistantOf(thread);
  const event: NormalizedEvent = {
    run: {
      externalId: threadId,
      title: `${clip(graph, 100)} thread ${threadId.slice(0, 8)}`,
      externalData: assistantId ? { assistantId } : {},
    },
    requests,
    complete: true,
  };
  return event;
}

const finished = new Map([
  ['idle', 'completed'],
  ['error', 'failed'],
] as const);

/** A followed thread no longer interrupted: how it stands now (its pending requests were resolved). */
async function followUp(
  source: LangGraphSource,
  ctx: PlatformContext,
  run: KnownRun,
): Promise<NormalizedEvent | null> {
  const reply = await langGraphCall(source, ctx)(threadPath(run.externalId), { method: 'GET' });
  if (reply.status === 404) {
    return { run: { externalId: run.externalId, status: 'stopped' }, requests: [], complete: true };
  }
  if (!isOk(reply)) throw new PlatformUnreachable(`LangGraph answered ${platformMessage(reply)}`);
  const thread = objectOrNull(reply.body) ?? {};
  if (thread.status === 'interrupted') return threadEvent(run.externalId, thread, []);
  const status = finished.get(thread.status as 'idle' | 'error') ?? 'running';
  return { run: { externalId: run.externalId, status }, requests: [], complete: true };
}

/** Interrupted threads (LangGraph has no server-wide event stream), then the followed ones that moved on. */
export async function pollLangGraph(
  source: LangGraphSource,
  knownRuns: KnownRun[],
  ctx: PlatformContext,
): Promise<PollResult> {
  const call = langGraphCall(source, ctx);
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let page = 0; page < maxPages; page += 1) {
    const reply = await call('/threads/search', {
      method: 'POST',
      json: { status: 'interrupted', limit: pageSize, offset: page * pageSize },
    });
    if (!isOk(reply)) throw new PlatformUnreachable(`LangGraph answered ${platformMessage(reply)}`);
    const threads = Array.isArray(reply.body) ? reply.body : [];
    for (const raw of threads) {
      const thread = objectOrNull(raw);
      const threadId = usableId(thread?.thread_id);
      if (!thread || !threadId || seen.has(threadId)) continue;
      seen.add(threadId);
      events.push(threadEvent(threadId, thread, problems));
    }
    if (threads.length < pageSize) break;
  }
  for (const run of knownRuns) {
    if (seen.has(run.externalId) || finishedRunStatuses.includes(run.status)) continue;
    const event = await followUp(source, ctx, run);
    if (event) events.push(event);
  }
  return { events, problems };
}
