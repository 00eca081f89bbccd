import * as z from 'zod/mini';
import { ownRecord, ownRecordOf } from '../../../shared/own-keys';
import type { CreateRequest } from '../../../shared/requests';
import {
  WebhookBodyError,
  type KnownRun,
  type NormalizedEvent,
  type NormalizedRequest,
  type NormalizedRun,
  type PlatformContext,
  type PollResult,
  type WebhookInput,
} from '../connector';
import {
  numericOrStringIdSchema,
  platformIdSchema,
  getJson,
  lookAt,
  readReply,
  runReply,
} from '../kit/platform-reply';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import { m8tesCall, m8tesLabel, runPath, type M8tesSource } from './m8tes-api';

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

const runEvents = new Set([
  'run.awaiting_input',
  'run.started',
  'run.completed',
  'run.failed',
  'run.cancelled',
  'run.message_received',
  'run.message_cancelled',
]);
const pollPageSize = 50;
const knownRunsPerPoll = 50;

/** The run's gates (`GET /runs/{id}/permissions`), pending or resolved. */
export function readGates(
  source: M8tesSource,
  ctx: PlatformContext,
  runId: string,
): Promise<M8tesPermission[]> {
  return getJson(
    m8tesCall(source, ctx),
    m8tesLabel,
    m8tesPermissionsSchema,
    runPath(runId, '/permissions'),
  );
}

/** The run and, unless it has finished, its gates: one complete observation. */
async function observeRun(
  source: M8tesSource,
  ctx: PlatformContext,
  runId: string,
): Promise<NormalizedEvent> {
  const path = runPath(runId);
  const reply = await m8tesCall(source, ctx)(path, { method: 'GET' });
  const run = readReply(
    m8tesRunSchema,
    runReply(reply, `GET ${path}`),
    `m8tes's reply to GET ${path}`,
  );
  if (isTerminal(run.status)) return { run: toNormalizedRun(run), requests: [], complete: true };
  return toEvent(run, await readGates(source, ctx, runId));
}

/** The body only says which run changed; the run and its gates are read back from the API. */
export async function m8tesWebhookEvents(
  source: M8tesSource,
  input: WebhookInput,
  ctx: PlatformContext,
): Promise<NormalizedEvent[]> {
  const body = parseWebhookBody(input.rawBody);
  const data = objectOrNull(body.data);
  const event = body.event ?? body.type;
  if (typeof event !== 'string') throw new WebhookBodyError('The body names no event');
  if (!runEvents.has(event)) return [];
  const runId = data?.run_id ?? data?.id ?? body.run_id;
  if (typeof runId !== 'string' && typeof runId !== 'number') {
    throw new WebhookBodyError('The body names no run id');
  }
  return [await observeRun(source, ctx, String(runId))];
}

/** Runs awaiting approval (SDK `GET /runs/?status=awaiting_approval`), then the runs already known. */
export async function pollM8tes(
  source: M8tesSource,
  knownRuns: KnownRun[],
  ctx: PlatformContext,
): Promise<PollResult> {
  const page = await getJson(m8tesCall(source, ctx), m8tesLabel, m8tesRunPageSchema, '/runs/', {
    status: 'awaiting_approval',
    limit: String(pollPageSize),
  });
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const run of page.data ?? []) {
    const id = String(run.id);
    seen.add(id);
    events.push(toEvent(run, await readGates(source, ctx, id)));
  }
  for (const known of knownRuns.slice(0, knownRunsPerPoll)) {
    if (seen.has(known.externalId)) continue;
    // One run m8tes no longer shows must not stop the others from being looked at.
    const event = await lookAt(problems, () => observeRun(source, ctx, known.externalId));
    if (event) events.push(event);
  }
  return { events, problems };
}
