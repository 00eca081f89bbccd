import * as z from 'zod/mini';
import type { MessageField } from '../../../shared/requests';
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
import { isOk, platformMessage } from '../kit/http';
import { getJson, getOneOrNull, lookAt, platformIdSchema, readReply } from '../kit/platform-reply';
import { clipText, httpUrlOrNull } from '../kit/platform-text';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import { anchorCall, anchorLabel, sessionPath, type AnchorSource } from './anchor-api';

/**
 * An intervention as the lists return it (`GET .../pending-interventions` is the fullest). Its id keys the
 * request, so it must be one; each field's properties are Anchor's to get wrong and are read one by one.
 */
const interventionFields = {
  requestId: platformIdSchema,
  message: z.optional(z.unknown()),
  fields: z.optional(z.nullable(z.array(z.unknown()))),
};
export type AnchorIntervention = z.output<z.ZodMiniObject<typeof interventionFields>>;

/** `GET /v1/sessions/{id}/agent/requested-human-intervention`: the session's open interventions. */
export const anchorInterventionsSchema = z.object({
  data: z.object({ requests: z.array(z.object(interventionFields)) }),
});

/** `GET /v1/sessions/pending-interventions`: every open intervention, each naming its session. */
export const anchorPendingSchema = z.object({
  data: z.object({
    items: z.array(z.object({ ...interventionFields, sessionId: platformIdSchema })),
  }),
});

/** `GET /v1/sessions/all/status`: the sessions and their states. */
export const anchorStatusListSchema = z.object({
  data: z.object({
    items: z.array(z.object({ session_id: platformIdSchema, status: z.optional(z.string()) })),
  }),
});

type AnchorField = Record<string, unknown>;

/**
 * The session as `GET /v1/sessions/{id}` returns it under `data`. Anchor documents `status` and the live
 * view; how a paused agent shows is not documented, so `agent_status` / `agent.status` (and the time it
 * paused) are read leniently.
 */
export const anchorSessionSchema = z.object({
  status: z.optional(z.string()),
  live_view_url: z.optional(z.unknown()),
  tags: z.optional(z.nullable(z.array(z.unknown()))),
  agent_status: z.optional(z.unknown()),
  agent_paused_at: z.optional(z.unknown()),
  paused_at: z.optional(z.unknown()),
  agent: z.optional(z.nullable(z.unknown())),
});
export type AnchorSession = z.output<typeof anchorSessionSchema>;

const endedStatuses: Record<string, NormalizedRun['status']> = {
  completed: 'completed',
  failed: 'failed',
  error: 'failed',
  crashed: 'failed',
  ended: 'stopped',
  terminated: 'stopped',
  stopped: 'stopped',
  closed: 'stopped',
  expired: 'stopped',
  timed_out: 'stopped',
};

export function sessionEnded(session: AnchorSession): boolean {
  return typeof session.status === 'string' && Object.hasOwn(endedStatuses, session.status);
}

/** When the agent is paused, the time it paused (or a fixed marker when Anchor gives none). */
export function agentPausedAt(session: AnchorSession): string | null {
  const agent = objectOrNull(session.agent);
  const status = agent?.status ?? session.agent_status ?? session.status;
  if (status !== 'paused') return null;
  const at = [agent?.paused_at, session.agent_paused_at, session.paused_at].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return at?.slice(0, 100) ?? 'current';
}

export function toNormalizedRun(
  sessionId: string,
  session: AnchorSession | null,
  status?: NormalizedRun['status'],
): NormalizedRun {
  const tags = (Array.isArray(session?.tags) ? session.tags : []).filter(
    (t): t is string => typeof t === 'string' && t !== '',
  );
  return {
    externalId: sessionId,
    title: `Anchor session ${sessionId.slice(0, 8)}${tags.length ? ` · ${tags.join(', ')}` : ''}`,
    status:
      status ??
      (session ? (sessionEnded(session) ? endedStatuses[session.status!] : 'running') : 'stopped'),
    ...(session ? { liveUrl: httpUrlOrNull(session.live_view_url) ?? undefined } : {}),
    metadata: tags.length ? { tags } : {},
    externalData: { sessionId },
  };
}

function toField(field: AnchorField): MessageField | null {
  const name = clipText(field.name, 100);
  if (!name) return null;
  const placeholder = clipText(field.placeholder, 200) ?? clipText(field.description, 200);
  const defaultValue = clipText(field.defaultValue, 5000);
  return {
    name,
    // Each property is Anchor's to get wrong (a number for a label): only strings are read.
    label:
      (
        clipText(typeof field.label === 'string' ? field.label.trim() : undefined, 200) ?? name
      ).trim() || name,
    ...(typeof field.required === 'boolean' ? { required: field.required } : {}),
    ...(placeholder ? { placeholder } : {}),
    ...(defaultValue ? { defaultValue } : {}),
  };
}

/** An intervention is a `message`: its text, and its fields as the form to fill in when it has any. */
export function toMessageRequest(item: AnchorIntervention): NormalizedRequest {
  const seen = new Set<string>();
  const fields: MessageField[] = [];
  for (const raw of Array.isArray(item.fields) ? item.fields : []) {
    const object = objectOrNull(raw);
    const field = object ? toField(object) : null;
    if (field && !seen.has(field.name)) {
      seen.add(field.name);
      fields.push(field);
    }
  }
  return {
    externalId: item.requestId,
    request: {
      kind: 'message',
      message:
        (typeof item.message === 'string' && item.message.trim().slice(0, 20_000)) ||
        'The agent asked for human intervention.',
      ...(fields.length ? { fields } : {}),
    },
    externalData: { channel: 'intervention' },
  };
}

export const takeoverInstructions =
  'The agent on this Anchor Browser session is paused. Work in the live view, then hand back to ' +
  'resume the agent, or stop to end the session. Anchor resumes the agent without a message, so a ' +
  'follow-up instruction is not passed on.';

export function toTakeoverRequest(pausedAt: string): NormalizedRequest {
  return {
    externalId: `pause:${pausedAt}`,
    request: { kind: 'takeover', instructions: takeoverInstructions },
    externalData: { channel: 'pause' },
  };
}

/**
 * One complete look at a session: its open interventions, plus a takeover while its agent is paused.
 * A session that is gone or ended has nothing open.
 */
export function toEvent(
  sessionId: string,
  session: AnchorSession | null,
  interventions: readonly AnchorIntervention[],
): NormalizedEvent {
  const run = toNormalizedRun(sessionId, session);
  if (!session || sessionEnded(session)) return { run, requests: [], complete: true };
  const requests = interventions.map(toMessageRequest);
  const pausedAt = agentPausedAt(session);
  if (pausedAt) requests.push(toTakeoverRequest(pausedAt));
  return { run, requests, complete: true };
}

const sessionsPerPoll = 50;
const interventionEvents = new Set(['intervention.requested', 'intervention.resolved']);
// A Map: the event type is Anchor's string, and `toString` must not read as a session end.
const sessionEndEvents = new Map<string, 'completed' | 'failed'>([
  ['session.completed', 'completed'],
  ['session.failed', 'failed'],
]);

const sessionReplySchema = z.object({ data: anchorSessionSchema });

/** The session, or null when Anchor no longer knows it. */
export async function readSession(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
): Promise<AnchorSession | null> {
  const call = anchorCall(source, ctx);
  const what = `session ${sessionId}`;
  const reply = await getOneOrNull(
    call,
    anchorLabel,
    sessionReplySchema,
    sessionPath(sessionId),
    what,
  );
  return reply?.data ?? null;
}

/** The session's open interventions; a session that stopped running has none (Anchor answers 400). */
export async function openInterventions(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
): Promise<AnchorIntervention[]> {
  const reply = await anchorCall(source, ctx)(
    sessionPath(sessionId, '/agent/requested-human-intervention'),
    { method: 'GET' },
  );
  if (reply.status === 400 || reply.status === 404) return [];
  if (!isOk(reply)) {
    throw new Error(
      `Interventions of ${sessionId}: ${anchorLabel} answered ${platformMessage(reply)}`,
    );
  }
  return readReply(
    anchorInterventionsSchema,
    reply.body,
    `${anchorLabel}'s interventions of ${sessionId}`,
  ).data.requests;
}

async function observeSession(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
  known?: AnchorIntervention[],
): Promise<NormalizedEvent> {
  const session = await readSession(source, ctx, sessionId);
  if (!session || sessionEnded(session)) return toEvent(sessionId, session, []);
  const interventions = known ?? (await openInterventions(source, ctx, sessionId));
  return toEvent(sessionId, session, interventions);
}

function parseEnvelope(rawBody: string): { type: string; data: Record<string, unknown> } {
  const { type, data } = parseWebhookBody(rawBody);
  if (typeof type !== 'string') throw new WebhookBodyError('The body names no event type');
  return { type, data: objectOrNull(data) ?? {} };
}

function sessionIdOf(data: Record<string, unknown>): string | null {
  return usableId(data.session_id ?? data.sessionId ?? objectOrNull(data.session)?.id);
}

/**
 * Intervention events say which session changed; its session and open interventions are read back.
 * Session end events finish the run. Other events (tasks, batches, identities) are not pauses.
 */
export async function anchorWebhookEvents(
  source: AnchorSource,
  input: WebhookInput,
  ctx: PlatformContext,
): Promise<NormalizedEvent[]> {
  const { type, data } = parseEnvelope(input.rawBody);
  const ended = sessionEndEvents.get(type);
  if (!interventionEvents.has(type) && !ended) return [];
  const sessionId = sessionIdOf(data);
  if (!sessionId) throw new WebhookBodyError('The event names no session');
  if (ended) {
    return [{ run: toNormalizedRun(sessionId, null, ended), requests: [], complete: true }];
  }
  return [await observeSession(source, ctx, sessionId)];
}

/**
 * Every open intervention across sessions in one call (`GET /v1/sessions/pending-interventions`), the
 * sessions Countersign already follows (for pauses, ends and interventions resolved elsewhere), and the
 * other running sessions (`GET /v1/sessions/all/status`), read one by one for a paused agent.
 */
export async function pollAnchor(
  source: AnchorSource,
  knownRuns: KnownRun[],
  ctx: PlatformContext,
): Promise<PollResult> {
  const pending = await getJson(
    anchorCall(source, ctx),
    anchorLabel,
    anchorPendingSchema,
    '/v1/sessions/pending-interventions',
  );
  const bySession = new Map<string, AnchorIntervention[]>();
  for (const item of pending.data.items) {
    bySession.set(item.sessionId, [...(bySession.get(item.sessionId) ?? []), item]);
  }
  for (const known of knownRuns.slice(0, sessionsPerPoll)) {
    if (!bySession.has(known.externalId)) bySession.set(known.externalId, []);
  }
  const listed = await getJson(
    anchorCall(source, ctx),
    anchorLabel,
    anchorStatusListSchema,
    '/v1/sessions/all/status',
  );
  const unfollowed = listed.data.items
    .filter((s) => !sessionEnded({ status: s.status }))
    .map((s) => s.session_id)
    .filter((id) => !bySession.has(id))
    .slice(0, sessionsPerPoll);

  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  const look = async (sessionId: string, interventions: AnchorIntervention[], always: boolean) => {
    // One session Anchor cannot show right now must not hide the others.
    const event = await lookAt(problems, () =>
      observeSession(source, ctx, sessionId, interventions),
    );
    // A running session nobody has to look at does not become a run.
    if (event && (always || event.requests.length > 0)) events.push(event);
  };
  for (const [sessionId, interventions] of bySession) await look(sessionId, interventions, true);
  for (const sessionId of unfollowed) await look(sessionId, [], false);
  return { events, problems };
}
