import * as z from 'zod/mini';
import type { MessageResponse } from '../../../shared/requests';
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
import { PlatformReplyError, readReply } from '../kit/platform-reply';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import {
  anchorInterventionsSchema,
  anchorPendingSchema,
  anchorSessionSchema,
  anchorStatusListSchema,
  agentPausedAt,
  sessionEnded,
  toEvent,
  toNormalizedRun,
  type AnchorIntervention,
  type AnchorSession,
} from './anchor-discovery';
import { verifyAnchorWebhook } from './anchor-signature';

const settingsSchema = z.object({});
const secretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
type Settings = z.infer<typeof settingsSchema>;
type Secrets = z.infer<typeof secretsSchema>;
type Source = ConnectorSource<Settings, Secrets>;

const label = 'Anchor Browser';
const sessionsPerPoll = 50;
const interventionEvents = new Set(['intervention.requested', 'intervention.resolved']);
// A Map: the event type is Anchor's string, and `toString` must not read as a session end.
const sessionEndEvents = new Map<string, 'completed' | 'failed'>([
  ['session.completed', 'completed'],
  ['session.failed', 'failed'],
]);

function call(
  source: Source,
  ctx: PlatformContext,
  path: string,
  options: CallOptions,
): Promise<PlatformReply> {
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
    ...options,
    headers: { 'anchor-api-key': source.secrets.apiKey, ...options.headers },
  });
}

function sessionPath(sessionId: string, rest = ''): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}${rest}`;
}

async function getJson<S extends z.ZodMiniType>(
  source: Source,
  ctx: PlatformContext,
  schema: S,
  path: string,
): Promise<z.output<S>> {
  const reply = await call(source, ctx, path, { method: 'GET' });
  if (!isOk(reply)) throw new Error(`GET ${path}: ${label} answered ${platformMessage(reply)}`);
  return readReply(schema, reply.body, `${label}'s reply to GET ${path}`);
}

const sessionReplySchema = z.object({ data: anchorSessionSchema });

/** The session, or null when Anchor no longer knows it. */
async function readSession(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
): Promise<AnchorSession | null> {
  const reply = await call(source, ctx, sessionPath(sessionId), { method: 'GET' });
  if (reply.status === 404) return null;
  if (!isOk(reply))
    throw new Error(`Session ${sessionId}: ${label} answered ${platformMessage(reply)}`);
  return readReply(sessionReplySchema, reply.body, `${label}'s session ${sessionId}`).data;
}

/** The session's open interventions; a session that stopped running has none (Anchor answers 400). */
async function openInterventions(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
): Promise<AnchorIntervention[]> {
  const reply = await call(
    source,
    ctx,
    sessionPath(sessionId, '/agent/requested-human-intervention'),
    { method: 'GET' },
  );
  if (reply.status === 400 || reply.status === 404) return [];
  if (!isOk(reply)) {
    throw new Error(`Interventions of ${sessionId}: ${label} answered ${platformMessage(reply)}`);
  }
  return readReply(
    anchorInterventionsSchema,
    reply.body,
    `${label}'s interventions of ${sessionId}`,
  ).data.requests;
}

async function observeSession(
  source: Source,
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

function responseText(response: MessageResponse): string {
  // Anchor takes one string; a filled-in form goes as a JSON object of its fields.
  return 'text' in response ? response.text : JSON.stringify(response.fields);
}

async function deliverMessage(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
  input: DeliveryInputOf<'message'>,
): Promise<DeliveryResult> {
  const requestId = input.request.externalId;
  const reply = await call(
    source,
    ctx,
    sessionPath(sessionId, '/agent/respond-to-human-intervention'),
    {
      method: 'POST',
      json: { requestId, response: responseText(input.response) },
    },
  );
  if (isOk(reply)) return { outcome: 'ok' };
  // Anchor takes no idempotency key: after a timed-out attempt, that attempt may be what Anchor saw.
  const earlier =
    input.attempt > 1 ? '; an earlier attempt that timed out may have delivered it' : '';
  if (reply.status === 400 || reply.status === 404 || reply.status === 409) {
    return {
      outcome: 'conflict',
      error: `the session no longer takes this answer (${platformMessage(reply)})${earlier}`,
    };
  }
  if (reply.status >= 500) {
    // Anchor documents only 500 for a failed response: look whether the intervention is still open.
    const open = await openInterventions(source, ctx, sessionId).catch(() => null);
    if (open && !open.some((item) => item.requestId === requestId)) {
      return {
        outcome: 'conflict',
        error: `the intervention is no longer pending there (${platformMessage(reply)})${earlier}`,
      };
    }
  }
  return classifyReply(reply, label);
}

async function endSession(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
): Promise<DeliveryResult> {
  const reply = await call(source, ctx, sessionPath(sessionId), { method: 'DELETE' });
  // A session Anchor no longer knows has already ended.
  if (reply.status === 404) return { outcome: 'ok' };
  return classifyReply(reply, label);
}

async function deliverTakeover(
  source: Source,
  ctx: PlatformContext,
  sessionId: string,
  input: DeliveryInputOf<'takeover'>,
): Promise<DeliveryResult> {
  const { response } = input;
  if (response.decision === 'stop') return endSession(source, ctx, sessionId);
  const note = response.followUp?.trim()
    ? `${label} resumes the agent without a message, so the follow-up was not passed on`
    : undefined;
  if (input.inDoubt || input.attempt > 1) {
    // An earlier attempt may have resumed the agent already: then there is nothing left to do.
    const session = await readSession(source, ctx, sessionId);
    if (session && !sessionEnded(session) && !agentPausedAt(session)) {
      return { outcome: 'ok', note };
    }
  }
  const reply = await call(source, ctx, sessionPath(sessionId, '/agent/resume'), {
    method: 'POST',
  });
  if (isOk(reply)) return { outcome: 'ok', note };
  if (reply.status === 400 || reply.status === 404 || reply.status === 409) {
    return {
      outcome: 'conflict',
      error: `the agent could not be resumed (${platformMessage(reply)})`,
    };
  }
  return classifyReply(reply, label);
}

export const anchorConnector: Connector<Settings, Secrets> = {
  kind: 'anchor',
  label,
  defaultBaseUrl: 'https://api.anchorbrowser.io',
  settingsSchema,
  secretsSchema,

  verifyWebhook: (source, input) => verifyAnchorWebhook(source.secrets.webhookSecret, input),

  /**
   * Intervention events say which session changed; its session and open interventions are read back.
   * Session end events finish the run. Other events (tasks, batches, identities) are not pauses.
   */
  async webhookEvents(source, input, ctx) {
    const { type, data } = parseEnvelope(input.rawBody);
    const ended = sessionEndEvents.get(type);
    if (!interventionEvents.has(type) && !ended) return [];
    const sessionId = sessionIdOf(data);
    if (!sessionId) throw new WebhookBodyError('The event names no session');
    if (ended) {
      return [{ run: toNormalizedRun(sessionId, null, ended), requests: [], complete: true }];
    }
    return [await observeSession(source, ctx, sessionId)];
  },

  /**
   * Every open intervention across sessions in one call (`GET /v1/sessions/pending-interventions`), the
   * sessions Countersign already follows (for pauses, ends and interventions resolved elsewhere), and the
   * other running sessions (`GET /v1/sessions/all/status`), read one by one for a paused agent.
   */
  async poll(source, knownRuns, ctx) {
    const pending = await getJson(
      source,
      ctx,
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
    const listed = await getJson(source, ctx, anchorStatusListSchema, '/v1/sessions/all/status');
    const unfollowed = listed.data.items
      .filter((s) => !sessionEnded({ status: s.status }))
      .map((s) => s.session_id)
      .filter((id) => !bySession.has(id))
      .slice(0, sessionsPerPoll);

    const events: NormalizedEvent[] = [];
    const problems: string[] = [];
    const look = async (
      sessionId: string,
      interventions: AnchorIntervention[],
      always: boolean,
    ) => {
      try {
        const event = await observeSession(source, ctx, sessionId, interventions);
        // A running session nobody has to look at does not become a run.
        if (always || event.requests.length > 0) events.push(event);
      } catch (error) {
        // One session Anchor cannot show right now must not hide the others.
        if (error instanceof PlatformUnreachable) throw error;
        if (error instanceof PlatformReplyError) problems.push(error.message);
      }
    };
    for (const [sessionId, interventions] of bySession) await look(sessionId, interventions, true);
    for (const sessionId of unfollowed) await look(sessionId, [], false);
    return { events, problems };
  },

  async deliver(source, input, ctx) {
    const sessionId =
      typeof input.run.externalData.sessionId === 'string'
        ? input.run.externalData.sessionId
        : input.run.externalId;
    return attempt(async () => {
      if (isDeliveryOf(input, 'message')) return deliverMessage(source, ctx, sessionId, input);
      if (isDeliveryOf(input, 'takeover')) return deliverTakeover(source, ctx, sessionId, input);
      return { outcome: 'fatal', error: `${label} has no ${input.request.kind} requests` };
    });
  },

  async stop(source, input, ctx) {
    return attempt(() => endSession(source, ctx, input.run.externalId));
  },

  async testConnection(source, ctx) {
    try {
      const reply = await call(source, ctx, '/v1/sessions/all/status', { method: 'GET' });
      if (!isOk(reply))
        return { ok: false, message: `${label} answered ${platformMessage(reply)}` };
      const count = objectOrNull(objectOrNull(reply.body)?.data)?.count;
      return {
        ok: true,
        message: `Connected to ${label}${typeof count === 'number' ? `; ${count} sessions` : ''}`,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
