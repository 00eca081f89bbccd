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
import { clipText } from '../kit/platform-text';
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
 * The session as `GET /v1/sessions/{id}` returns it under `data`: the API reference and the SDK's
 * `SessionRetrieveResponse` (anchorbrowser 0.16.3) give `session_id`, `status` (a string whose values
 * are not listed), `configuration`, `steps` (an array there, a count in later SDKs), `tags` (shown as an
 * object) and usage figures. There is no `live_view_url` and no field for the agent's pause.
 */
export const anchorSessionSchema = z.object({
  status: z.optional(z.string()),
  configuration: z.optional(z.unknown()),
  steps: z.optional(z.unknown()),
  tags: z.optional(z.unknown()),
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

function stepCount(session: AnchorSession): number {
  if (Array.isArray(session.steps)) return session.steps.length;
  return typeof session.steps === 'number' && Number.isSafeInteger(session.steps)
    ? session.steps
    : 0;
}

/**
 * While the agent is paused, a mark for this pause; null while it runs. Anchor documents pausing and
 * resuming the agent (`POST …/agent/pause`, `…/agent/resume`, both answering only a success) but no
 * state to read it back by: the one state a session shows is its `status`, so a paused agent is read
 * there as `paused`, and nowhere else. Anchor gives no time for it, so a pause is told from the next by
 * the agent's steps so far: an agent resumed and paused again has taken steps in between.
 */
export function agentPause(session: AnchorSession): string | null {
  return session.status === 'paused' ? `after-${stepCount(session)}-steps` : null;
}

/**
 * The session's live view. Anchor hands `live_view_url` only to whoever creates the session, in the
 * documented form `https://live.anchorbrowser.io?sessionId=<id>`, and its guides build the same URL from
 * the session id for a session created elsewhere: Countersign does that. A headless session (created with
 * `browser.headless.active: true`) has a DevTools inspector instead, and an ended one nothing left to
 * show: such a run has no live view, rather than a frame that stays empty.
 */
export function liveViewUrl(sessionId: string, session: AnchorSession | null): string | null {
  if (!session || sessionEnded(session)) return null;
  const configuration = objectOrNull(session.configuration);
  const headless = objectOrNull(objectOrNull(configuration?.browser)?.headless);
  if (headless?.active === true || configuration?.headless === true) return null;
  return `https://live.anchorbrowser.io?sessionId=${encodeURIComponent(sessionId)}`;
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
    liveUrl: liveViewUrl(sessionId, session),
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

export function toTakeoverRequest(pause: string): NormalizedRequest {
  return {
    externalId: `pause:${pause}`,
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
  const pause = agentPause(session);
  if (pause) requests.push(toTakeoverRequest(pause));
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
