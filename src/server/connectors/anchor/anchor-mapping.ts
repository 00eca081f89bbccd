import type { MessageField } from '../../../shared/requests';
import type { NormalizedEvent, NormalizedRequest, NormalizedRun } from '../connector';

/** An intervention as the pending lists return it (`GET .../pending-interventions` is the fullest). */
export type AnchorIntervention = {
  requestId?: string;
  message?: string;
  sessionId?: string;
  tags?: string[];
  fields?: AnchorField[] | null;
};

export type AnchorField = {
  name?: string;
  label?: string;
  description?: string;
  required?: boolean;
  placeholder?: string;
  defaultValue?: string;
};

/**
 * The session as `GET /v1/sessions/{id}` returns it under `data`. Anchor documents `status` and the live
 * view; how a paused agent shows is not documented, so `agent_status` / `agent.status` (and the time it
 * paused) are read leniently.
 */
export type AnchorSession = {
  id?: string;
  session_id?: string;
  status?: string;
  live_view_url?: string | null;
  tags?: string[] | null;
  created_at?: string;
  agent_status?: string;
  agent_paused_at?: string;
  paused_at?: string;
  agent?: { status?: string; paused_at?: string } | null;
};

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
  const agent = session.agent && typeof session.agent === 'object' ? session.agent : null;
  const status = agent?.status ?? session.agent_status ?? session.status;
  if (status !== 'paused') return null;
  const at = [agent?.paused_at, session.agent_paused_at, session.paused_at].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return at?.slice(0, 100) ?? 'current';
}

function httpUrlOrNull(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;
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

function clip(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;
}

function toField(field: AnchorField): MessageField | null {
  const name = clip(field.name, 100);
  if (!name) return null;
  const placeholder = clip(field.placeholder, 200) ?? clip(field.description, 200);
  const defaultValue = clip(field.defaultValue, 5000);
  return {
    name,
    // Each property is Anchor's to get wrong (a number for a label): only strings are read.
    label:
      (
        clip(typeof field.label === 'string' ? field.label.trim() : undefined, 200) ?? name
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
    const field = raw && typeof raw === 'object' ? toField(raw) : null;
    if (field && !seen.has(field.name)) {
      seen.add(field.name);
      fields.push(field);
    }
  }
  return {
    externalId: item.requestId ?? '',
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
  const requests = interventions
    .filter((item) => item && typeof item.requestId === 'string' && item.requestId !== '')
    .map(toMessageRequest);
  const pausedAt = agentPausedAt(session);
  if (pausedAt) requests.push(toTakeoverRequest(pausedAt));
  return { run, requests, complete: true };
}
