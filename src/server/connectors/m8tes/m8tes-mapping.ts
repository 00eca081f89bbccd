import type { CreateRequest } from '../../../shared/requests';
import type { NormalizedEvent, NormalizedRequest, NormalizedRun } from '../connector';

/** The parts of an m8tes Run and PermissionRequest Countersign reads; everything else is ignored. */
export type M8tesRun = {
  id: number | string;
  status?: string;
  name?: string | null;
  user_id?: string | null;
  metadata?: Record<string, unknown> | null;
};

export type M8tesQuestion = {
  question?: string;
  header?: string;
  multiSelect?: boolean;
  options?: { label?: string }[];
};

export type M8tesPermission = {
  request_id: string;
  tool_name: string;
  tool_input?: Record<string, unknown> | null;
  status?: string;
  display_name?: string | null;
  prose?: string | null;
  consequence?: string | null;
  can_remember?: boolean | null;
};

export const planApprovalHeader = 'Plan Approval';
export const askUserQuestion = 'AskUserQuestion';

const finishedStatuses: Record<string, NormalizedRun['status']> = {
  completed: 'completed',
  failed: 'failed',
  cancelled: 'stopped',
  closed: 'stopped',
};

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && status in finishedStatuses;
}

export function toNormalizedRun(run: M8tesRun): NormalizedRun {
  const title =
    (typeof run.name === 'string' && run.name) ||
    (typeof run.metadata?.title === 'string' ? run.metadata.title : undefined);
  return {
    externalId: String(run.id),
    title: title || `m8tes run ${run.id}`,
    status: finishedStatuses[run.status ?? ''] ?? 'running',
    customer: typeof run.user_id === 'string' && run.user_id ? run.user_id : null,
    externalData: { runId: run.id },
  };
}

function questionsOf(permission: M8tesPermission): M8tesQuestion[] {
  const questions = permission.tool_input?.questions;
  return Array.isArray(questions) ? (questions as M8tesQuestion[]) : [];
}

/**
 * One gate as a Countersign request: AskUserQuestion with a "Plan Approval" question is a plan,
 * other AskUserQuestion gates are question batches (answered by question text), anything else a tool.
 */
export function toNormalizedRequest(permission: M8tesPermission): NormalizedRequest {
  const base = { externalId: permission.request_id };
  if (permission.tool_name === askUserQuestion) {
    const questions = questionsOf(permission);
    const plan = questions.find((q) => q.header === planApprovalHeader);
    if (plan) {
      return {
        ...base,
        request: { kind: 'plan', plan: plan.question ?? '' },
        externalData: { gate: 'plan' },
      };
    }
    const questionTexts: Record<string, string> = {};
    const request: CreateRequest = {
      kind: 'questions',
      questions: questions.map((q, index) => {
        const id = `q${index + 1}`;
        questionTexts[id] = q.question ?? '';
        const options = (q.options ?? [])
          .map((o) => o.label)
          .filter((label): label is string => typeof label === 'string' && label.trim() !== '');
        return {
          id,
          text: q.question ?? '',
          ...(options.length ? { options } : {}),
          allowOther: true,
        };
      }),
    };
    return { ...base, request, externalData: { gate: 'questions', questionTexts } };
  }
  const reason = permission.prose || permission.consequence || undefined;
  return {
    ...base,
    request: {
      kind: 'tool',
      tool: permission.display_name || permission.tool_name,
      input: permission.tool_input ?? {},
      ...(reason ? { reason } : {}),
      canRemember: permission.can_remember ?? true,
    },
    externalData: { gate: 'tool', toolName: permission.tool_name },
  };
}

/** A full picture of one run: its pending gates are every open request. */
export function toEvent(run: M8tesRun, permissions: readonly M8tesPermission[]): NormalizedEvent {
  return {
    run: toNormalizedRun(run),
    requests: permissions
      .filter((p) => (p.status ?? 'pending') === 'pending')
      .map(toNormalizedRequest),
    complete: true,
  };
}
