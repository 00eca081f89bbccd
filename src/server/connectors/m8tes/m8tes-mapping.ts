import * as z from 'zod/mini';
import { ownRecord, ownRecordOf } from '../../../shared/own-keys';
import type { CreateRequest } from '../../../shared/requests';
import type { NormalizedEvent, NormalizedRequest, NormalizedRun } from '../connector';
import { numericOrStringIdSchema, platformIdSchema, readReply } from '../platform-reply';

const optionalText = z.optional(z.nullable(z.string()));

/** The parts of an m8tes Run Countersign reads; everything else is ignored. */
export const m8tesRunSchema = z.object({
  id: numericOrStringIdSchema,
  status: z.optional(z.string()),
  name: optionalText,
  user_id: z.optional(z.unknown()),
  metadata: z.optional(z.nullable(ownRecord(z.unknown()))),
});
export type M8tesRun = z.output<typeof m8tesRunSchema>;

export const m8tesRunPageSchema = z.object({ data: z.optional(z.array(m8tesRunSchema)) });

const m8tesQuestionSchema = z.object({
  question: z.optional(z.string()),
  header: z.optional(z.string()),
  multiSelect: z.optional(z.boolean()),
  options: z.optional(z.array(z.object({ label: z.optional(z.unknown()) }))),
});
type M8tesQuestion = z.output<typeof m8tesQuestionSchema>;

/** A PermissionRequest: `request_id` keys the request, so it must be a usable string every time. */
export const m8tesPermissionSchema = z.object({
  request_id: platformIdSchema,
  tool_name: z.string().check(z.minLength(1)),
  tool_input: z.optional(z.nullable(ownRecord(z.unknown()))),
  status: z.optional(z.string()),
  display_name: optionalText,
  prose: optionalText,
  consequence: optionalText,
  can_remember: z.optional(z.nullable(z.boolean())),
});
export type M8tesPermission = z.output<typeof m8tesPermissionSchema>;
export const m8tesPermissionsSchema = z.array(m8tesPermissionSchema);

export const planApprovalHeader = 'Plan Approval';
export const askUserQuestion = 'AskUserQuestion';

// A Map: the status is the platform's string (`toString` must not look finished).
const finishedStatuses = new Map<string, NormalizedRun['status']>([
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['cancelled', 'stopped'],
  ['closed', 'stopped'],
]);

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && finishedStatuses.has(status);
}

export function toNormalizedRun(run: M8tesRun): NormalizedRun {
  const title =
    (typeof run.name === 'string' && run.name) ||
    (typeof run.metadata?.title === 'string' ? run.metadata.title : undefined);
  return {
    externalId: String(run.id),
    title: title || `m8tes run ${run.id}`,
    status: finishedStatuses.get(run.status ?? '') ?? 'running',
    customer: typeof run.user_id === 'string' && run.user_id ? run.user_id : null,
    externalData: { runId: run.id },
  };
}

function questionsOf(permission: M8tesPermission): M8tesQuestion[] {
  const questions = permission.tool_input?.questions;
  if (questions === undefined) return [];
  return readReply(
    z.array(m8tesQuestionSchema),
    questions,
    `m8tes's questions of gate ${permission.request_id}`,
  );
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
    const request: CreateRequest = {
      kind: 'questions',
      questions: questions.map((q, index) => {
        const id = `q${index + 1}`;
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
    const questionTexts = ownRecordOf(
      questions.map((q, index) => [`q${index + 1}`, q.question ?? '']),
    );
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
      // POST /runs/{id}/approve takes a decision, remember and a reason, never an input: an edit would be lost.
      editable: false,
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
