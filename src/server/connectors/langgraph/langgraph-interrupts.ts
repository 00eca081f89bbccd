import { createHash } from 'node:crypto';
import { objectOrNull } from '../kit/webhook-body';

/**
 * The three shapes a LangGraph interrupt asks a person in: LangChain's human-in-the-loop middleware in
 * JavaScript (`actionRequests`/`reviewConfigs`, decisions with `editedAction`) and in Python
 * (`action_requests`/`review_configs`, decisions with `edited_action`), and the Agent Inbox
 * `HumanInterrupt` list of legacy `interrupt()` graphs (answered with `HumanResponse`s).
 */
export type InterruptShape = 'hitl-js' | 'hitl-py' | 'inbox';

export type ActionRequest = {
  name: string;
  args: Record<string, unknown>;
  description?: string;
  allowApprove: boolean;
  allowEdit: boolean;
  /** Inbox only: whether a reply text may go back (`response`); otherwise a denial is an `ignore`. */
  allowRespond: boolean;
};

export type ParsedInterrupt = { id: string; shape: InterruptShape; actions: ActionRequest[] };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function args(value: unknown): Record<string, unknown> | null {
  return objectOrNull(value);
}

function decisionsOf(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((d): d is string => typeof d === 'string') : null;
}

function hitlActions(value: Record<string, unknown>, shape: 'hitl-js' | 'hitl-py') {
  const js = shape === 'hitl-js';
  const requests = value[js ? 'actionRequests' : 'action_requests'];
  const configs = value[js ? 'reviewConfigs' : 'review_configs'];
  if (!Array.isArray(requests) || requests.length === 0) return null;
  const configList = Array.isArray(configs) ? configs.map(objectOrNull) : [];
  const actions: ActionRequest[] = [];
  for (const [index, raw] of requests.entries()) {
    const request = objectOrNull(raw);
    const name = text(request?.name);
    const input = args(request?.args);
    if (!name || !input) return null;
    // Configs are listed per action in the same order; matched by name when the lists differ.
    const config =
      configList[index] ??
      configList.find((c) => c?.[js ? 'actionName' : 'action_name'] === name) ??
      null;
    const allowed = decisionsOf(config?.[js ? 'allowedDecisions' : 'allowed_decisions']) ?? [
      'approve',
      'edit',
      'reject',
    ];
    actions.push({
      name,
      args: input,
      description: text(request?.description),
      allowApprove: allowed.includes('approve'),
      allowEdit: allowed.includes('edit'),
      allowRespond: true,
    });
  }
  return actions;
}

function inboxActions(value: unknown): ActionRequest[] | null {
  const list = Array.isArray(value) ? value : [value];
  const actions: ActionRequest[] = [];
  for (const raw of list) {
    const item = objectOrNull(raw);
    const request = objectOrNull(item?.action_request);
    const name = text(request?.action);
    const input = args(request?.args);
    if (!name || !input) return null;
    const config = objectOrNull(item?.config);
    actions.push({
      name,
      args: input,
      description: text(item?.description),
      allowApprove: config?.allow_accept !== false,
      allowEdit: config?.allow_edit === true,
      allowRespond: config?.allow_respond === true,
    });
  }
  return actions.length ? actions : null;
}

/** Reads one interrupt's value; null when it is none of the three shapes (another kind of pause). */
export function parseInterrupt(id: string, value: unknown): ParsedInterrupt | null {
  const object = objectOrNull(value);
  if (object && 'actionRequests' in object) {
    const actions = hitlActions(object, 'hitl-js');
    return actions && { id, shape: 'hitl-js', actions };
  }
  if (object && 'action_requests' in object) {
    const actions = hitlActions(object, 'hitl-py');
    return actions && { id, shape: 'hitl-py', actions };
  }
  const actions = inboxActions(value);
  return actions && { id, shape: 'inbox', actions };
}

/** A group name Countersign accepts, stable for one interrupt id. */
export function groupFor(interruptId: string): string {
  const plain = `lg:${interruptId}`;
  if (/^[A-Za-z0-9._:-]{1,100}$/.test(plain)) return plain;
  return `lg:${createHash('sha256').update(interruptId).digest('hex').slice(0, 40)}`;
}
