import type { PushPayload } from '../../../shared/push';

const maxTitle = 120;
const maxBody = 400;
const maxInputs = 4;
const maxValue = 80;

export type PushedRequest = {
  id: string;
  kind: string;
  payload: string;
  runId: string;
  runTitle: string;
  reminder: boolean;
};

/**
 * What a push says about a request: the run's title, and for a `tool` request the tool and its first
 * few inputs, each cut short (a push carries about 4 KB). The URL is a path of this app, so the service
 * worker only ever opens its own origin. Approve/Deny only on `tool` requests and only when asked for.
 */
export function pushPayload(request: PushedRequest, quickActions: boolean): PushPayload {
  const parsed = parse(request.payload);
  const prefix = request.reminder ? 'Still waiting: ' : '';
  const title = cut(`${prefix}${request.runTitle || 'Countersign'}`, maxTitle);
  const body = cut(bodyOf(request.kind, parsed), maxBody);
  const tool = request.kind === 'tool';
  return {
    title,
    body,
    url: `/runs/${encodeURIComponent(request.runId)}`,
    requestId: request.id,
    actions:
      tool && quickActions
        ? [
            { action: 'approve', title: 'Approve' },
            { action: 'deny', title: 'Deny' },
          ]
        : [],
  };
}

function bodyOf(kind: string, payload: Record<string, unknown>): string {
  switch (kind) {
    case 'tool': {
      const input =
        typeof payload.input === 'object' && payload.input !== null
          ? Object.entries(payload.input as Record<string, unknown>)
          : [];
      const lines = input.slice(0, maxInputs).map(([k, v]) => `${cut(k, 40)}: ${valueText(v)}`);
      if (input.length > maxInputs) lines.push(`…and ${input.length - maxInputs} more`);
      return [`Run ${text(payload.tool)}`, ...lines].join('\n');
    }
    case 'plan':
      return `Approve a plan: ${text(payload.plan)}`;
    case 'review':
      return `Review: ${text(payload.title ?? payload.output)}`;
    case 'message':
      return text(payload.message);
    case 'questions':
      return 'Answer questions';
    case 'takeover':
      return `Take over: ${text(payload.instructions)}`;
    default:
      return 'A request waits for you';
  }
}

function valueText(value: unknown): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return cut(shown ?? String(value), maxValue);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Cuts to `max` characters (whole code points), ending with … when cut; control characters become spaces. */
function cut(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- agent text may carry them; a notification shows none
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  const points = [...clean];
  return points.length <= max ? clean : `${points.slice(0, max - 1).join('')}…`;
}

function parse(payload: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
