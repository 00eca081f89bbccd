import type { MessageResponse } from '../../../shared/requests';
import {
  isDeliveryOf,
  type DeliveryInput,
  type DeliveryInputOf,
  type DeliveryResult,
  type PlatformContext,
  type StopInput,
} from '../connector';
import { storedText } from '../kit/external-data';
import { attempt, classifyReply, isOk, platformMessage, type PlatformReply } from '../kit/http';
import { anchorCall, anchorLabel, sessionPath, type AnchorSource } from './anchor-api';
import { agentPause, openInterventions, readSession, sessionEnded } from './anchor-discovery';

/** The statuses Anchor refuses a call with that are not worth sending again as they are. */
const refusals = new Set([400, 404, 409]);

/**
 * What a 400, 404 or 409 from Anchor means. Anchor documents 400 ("Session is not running") and 404 (no
 * such session) for its agent calls, and no 409; none of them says that someone else answered. So the
 * session is read as it is now: gone or ended is named as such; a pause already settled there (the
 * intervention no longer pending, the agent no longer paused, as `settledElsewhere` tells) is a
 * conflict; anything else is a refusal in Anchor's own words. None is sent again by itself.
 */
async function refusal(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
  reply: PlatformReply,
  earlier: string,
  settledElsewhere: () => Promise<string | null>,
): Promise<DeliveryResult> {
  const said = platformMessage(reply);
  const session = await readSession(source, ctx, sessionId).catch(() => undefined);
  if (session === null) {
    return { outcome: 'fatal', error: `${anchorLabel} no longer has this session (${said})` };
  }
  if (session && sessionEnded(session)) {
    return {
      outcome: 'fatal',
      error: `The session has ended on ${anchorLabel} (${session.status}), so nothing more reaches its agent (${said})`,
    };
  }
  const settled = session ? await settledElsewhere().catch(() => null) : null;
  if (settled) return { outcome: 'conflict', error: `${settled} (${said})${earlier}` };
  return { outcome: 'fatal', error: `${anchorLabel} refused the answer: ${said}` };
}

function responseText(response: MessageResponse): string {
  // Anchor takes one string; a filled-in form goes as a JSON object of its fields.
  return 'text' in response ? response.text : JSON.stringify(response.fields);
}

async function deliverMessage(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
  input: DeliveryInputOf<'message'>,
): Promise<DeliveryResult> {
  const requestId = input.request.externalId;
  const reply = await anchorCall(source, ctx)(
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
  if (refusals.has(reply.status)) {
    return refusal(source, ctx, sessionId, reply, earlier, async () => {
      const open = await openInterventions(source, ctx, sessionId);
      return open.some((item) => item.requestId === requestId)
        ? null
        : 'the intervention is no longer pending there';
    });
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
  return classifyReply(reply, anchorLabel);
}

async function endSession(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
): Promise<DeliveryResult> {
  const reply = await anchorCall(source, ctx)(sessionPath(sessionId), { method: 'DELETE' });
  // A session Anchor no longer knows has already ended.
  if (reply.status === 404) return { outcome: 'ok' };
  return classifyReply(reply, anchorLabel);
}

async function deliverTakeover(
  source: AnchorSource,
  ctx: PlatformContext,
  sessionId: string,
  input: DeliveryInputOf<'takeover'>,
): Promise<DeliveryResult> {
  const { response } = input;
  if (response.decision === 'stop') return endSession(source, ctx, sessionId);
  const note = response.followUp?.trim()
    ? `${anchorLabel} resumes the agent without a message, so the follow-up was not passed on`
    : undefined;
  if (input.inDoubt || input.attempt > 1) {
    // An earlier attempt may have resumed the agent already: then there is nothing left to do.
    const session = await readSession(source, ctx, sessionId);
    if (session && !sessionEnded(session) && !agentPause(session)) {
      return { outcome: 'ok', note };
    }
  }
  const reply = await anchorCall(source, ctx)(sessionPath(sessionId, '/agent/resume'), {
    method: 'POST',
  });
  if (isOk(reply)) return { outcome: 'ok', note };
  if (refusals.has(reply.status)) {
    return refusal(source, ctx, sessionId, reply, '', async () => {
      const session = await readSession(source, ctx, sessionId);
      return session && agentPause(session) ? null : 'the agent is no longer paused there';
    });
  }
  return classifyReply(reply, anchorLabel);
}

/** An intervention's answer goes to respond-to-human-intervention; a takeover resumes or ends the session. */
export async function deliverToAnchor(
  source: AnchorSource,
  input: DeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  const sessionId = storedText(input.run.externalData, 'sessionId') ?? input.run.externalId;
  return attempt(async () => {
    if (isDeliveryOf(input, 'message')) return deliverMessage(source, ctx, sessionId, input);
    if (isDeliveryOf(input, 'takeover')) return deliverTakeover(source, ctx, sessionId, input);
    return { outcome: 'fatal', error: `${anchorLabel} has no ${input.request.kind} requests` };
  });
}

export async function stopOnAnchor(
  source: AnchorSource,
  input: StopInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return attempt(() => endSession(source, ctx, input.run.externalId));
}
