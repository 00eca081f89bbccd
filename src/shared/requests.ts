import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';
import { ownRecord, ownValue } from './own-keys';
import { rememberScopeSchema } from './rules';

export const requestKinds = ['questions', 'tool', 'plan', 'review', 'message', 'takeover'] as const;
export const requestKindSchema = z.enum(requestKinds);
export type RequestKind = z.infer<typeof requestKindSchema>;

export const requestStatuses = ['pending', 'answered', 'expired', 'cancelled'] as const;
export const requestStatusSchema = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export const deliverySchema = z.object({
  status: z.enum(deliveryStatuses),
  attempts: z.number().check(z.int(), z.nonnegative()),
  lastError: z.nullable(z.string()),
});
export type Delivery = z.infer<typeof deliverySchema>;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const questionSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  text: text(2000),
  options: z.optional(z.array(text(500)).check(z.maxLength(50))),
  allowOther: z._default(z.boolean(), true),
});
export type Question = z.infer<typeof questionSchema>;

export const messageFieldSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  label: text(200),
  required: z.optional(z.boolean()),
  placeholder: z.optional(z.string().check(z.maxLength(200))),
  defaultValue: z.optional(z.string().check(z.maxLength(5000))),
});
export type MessageField = z.infer<typeof messageFieldSchema>;

/** A named answer the agent offers: a reason to deny a tool call, a reply to a message. */
export const answerOptionSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  title: z.optional(z.string().check(z.maxLength(200))),
  description: z.optional(z.string().check(z.maxLength(1000))),
  /** A message option's suggested reply, put in the reply box when the reviewer picks it. */
  prefill: z.optional(z.string().check(z.maxLength(5000))),
});
export type AnswerOption = z.infer<typeof answerOptionSchema>;

/** How an option is shown: its title, or its name when it has none (or is not among the options). */
export function optionLabel(options: readonly AnswerOption[] | undefined, name: string): string {
  return options?.find((o) => o.name === name)?.title || name;
}

const answerOptions = z.array(answerOptionSchema).check(
  z.minLength(1),
  z.maxLength(20),
  z.refine(
    (os) => new Set(os.map((o) => o.name)).size === os.length,
    'Option names must be unique',
  ),
);

/** The payload of each kind, exactly as agents send it (and as requests carry it). */
export const payloadShapes = {
  questions: {
    questions: z.array(questionSchema).check(
      z.minLength(1),
      z.maxLength(50),
      z.refine(
        (qs) => new Set(qs.map((q) => q.id)).size === qs.length,
        'Question ids must be unique',
      ),
    ),
  },
  tool: {
    tool: text(200),
    input: ownRecord(z.unknown()),
    reason: z.optional(z.string().check(z.maxLength(5000))),
    canRemember: z._default(z.boolean(), true),
    /** Whether a reviewer may edit the input before approving: the platform must carry the edit. */
    editable: z._default(z.boolean(), true),
    /** Reasons the reviewer may pick when denying; the agent gets the chosen name back. */
    denyOptions: z.optional(answerOptions),
  },
  plan: { plan: text(100_000) },
  review: { output: text(200_000), title: z.optional(z.string().check(z.maxLength(500))) },
  message: {
    message: text(20_000),
    fields: z.optional(
      z.array(messageFieldSchema).check(
        z.maxLength(30),
        z.refine(
          (fs) => new Set(fs.map((f) => f.name)).size === fs.length,
          'Field names must be unique',
        ),
      ),
    ),
    /** Replies the agent offers; the reviewer picks one (and may edit its text). Not with `fields`. */
    options: z.optional(answerOptions),
  },
  takeover: { instructions: text(20_000) },
} as const;

/** A name the agent chooses for requests asked together; safe in a URL path. */
export const groupSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._:-]{1,100}$/, 'Use 1 to 100 letters, digits, . _ : or -'));

/** What any request may carry besides its kind's payload. */
const requestOptions = { expiresAt: z.optional(isoDateSchema), group: z.optional(groupSchema) };

export const createRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('questions'), ...payloadShapes.questions, ...requestOptions }),
  z.object({ kind: z.literal('tool'), ...payloadShapes.tool, ...requestOptions }),
  z.object({ kind: z.literal('plan'), ...payloadShapes.plan, ...requestOptions }),
  z.object({ kind: z.literal('review'), ...payloadShapes.review, ...requestOptions }),
  z.object({ kind: z.literal('message'), ...payloadShapes.message, ...requestOptions }).check(
    z.refine((m) => !(m.fields?.length && m.options), {
      message: 'Offer either fields or options, not both',
      path: ['options'],
    }),
  ),
  z.object({ kind: z.literal('takeover'), ...payloadShapes.takeover, ...requestOptions }),
]);
export type CreateRequest = z.input<typeof createRequestSchema>;
export type CreateRequestParsed = z.infer<typeof createRequestSchema>;

export const questionsResponseSchema = z.object({
  answers: z
    .array(
      z.object({
        questionId: z.string().check(z.minLength(1), z.maxLength(100)),
        value: text(10_000),
      }),
    )
    .check(z.minLength(1), z.maxLength(50)),
});
/** One person's approval of a request that needs several (countersigning). */
export const approvalSchema = z.object({
  by: z.string(),
  at: isoDateSchema,
  note: z.optional(z.string()),
});
export type Approval = z.infer<typeof approvalSchema>;

/** A tool request a countersign rule holds until `required` different people approve it. */
export const countersignSchema = z.object({
  required: z.number().check(z.int(), z.gte(2)),
  ruleId: z.string(),
  approvals: z.array(approvalSchema),
});
export type Countersign = z.infer<typeof countersignSchema>;

export const toolResponseSchema = z.object({
  decision: z.enum(['approve', 'deny']),
  /** With approve, on an editable request: the input the reviewer approved in place of the agent's. */
  input: z.optional(ownRecord(z.unknown())),
  remember: z.optional(z.boolean()),
  /** With `remember`: what the new rule covers; without it, this customer, these arguments, 30 days. */
  rememberScope: z.optional(rememberScopeSchema),
  note: z.optional(z.string().check(z.maxLength(5000))),
  /** With deny: the name of the request's `denyOptions` entry the reviewer picked. */
  denyOption: z.optional(z.string().check(z.maxLength(100))),
  /** Set by the server on a countersigned approval: every approver, in order. */
  approvals: z.optional(z.array(approvalSchema)),
});
export const planResponseSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('revise'), feedback: text(20_000) }),
]);
export const reviewResponseSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('approve'),
    feedback: z.optional(z.string().check(z.maxLength(20_000))),
  }),
  z.object({ decision: z.literal('reject'), feedback: text(20_000) }),
]);
export const messageResponseSchema = z.union([
  z.strictObject({ text: text(20_000), option: z.optional(z.string().check(z.maxLength(100))) }),
  z.strictObject({ fields: ownRecord(z.string().check(z.maxLength(20_000))) }),
]);
export const takeoverResponseSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('handback'),
    followUp: z.optional(z.string().check(z.maxLength(20_000))),
  }),
  z.object({ decision: z.literal('stop') }),
]);

export const responseSchemas = {
  questions: questionsResponseSchema,
  tool: toolResponseSchema,
  plan: planResponseSchema,
  review: reviewResponseSchema,
  message: messageResponseSchema,
  takeover: takeoverResponseSchema,
} as const;

export type QuestionsResponse = z.infer<typeof questionsResponseSchema>;
export type ToolResponse = z.infer<typeof toolResponseSchema>;
export type PlanResponse = z.infer<typeof planResponseSchema>;
export type ReviewResponse = z.infer<typeof reviewResponseSchema>;
export type MessageResponse = z.infer<typeof messageResponseSchema>;
export type TakeoverResponse = z.infer<typeof takeoverResponseSchema>;
export type ResponseFor<K extends RequestKind> = z.infer<(typeof responseSchemas)[K]>;
export type AnyResponse = ResponseFor<RequestKind>;

/** Who is on a request: the group of people a route sent it to, and whoever claimed it. */
export const assignmentSchema = z.object({
  groupId: z.nullable(idSchema),
  assignee: z.nullable(z.object({ id: idSchema, username: z.string(), claimedAt: isoDateSchema })),
});
export type Assignment = z.infer<typeof assignmentSchema>;

const requestBase = {
  id: idSchema,
  runId: idSchema,
  status: requestStatusSchema,
  createdAt: isoDateSchema,
  expiresAt: z.nullable(isoDateSchema),
  /** A username, or `rule:<ruleId>` when a pre-approved tool rule answered. */
  answeredBy: z.nullable(z.string()),
  answeredAt: z.nullable(isoDateSchema),
  delivery: deliverySchema,
  /** Present while (and after) a countersign rule holds the request for several approvals. */
  countersign: z.optional(countersignSchema),
  /** The group the agent asked it in, when it asked several together. */
  group: z.optional(z.string()),
  /** Present once routing gave it a group of people or someone claimed it. */
  assignment: z.optional(assignmentSchema),
  /** Why the system ended it, e.g. expired or denied because no one answered within 30 minutes. */
  statusReason: z.optional(z.string()),
  /** How many times its expiry handed it to another group (present once it has). */
  escalations: z.optional(z.number()),
};

export const requestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('questions'),
    ...payloadShapes.questions,
    ...requestBase,
    response: z.nullable(questionsResponseSchema),
  }),
  z.object({
    kind: z.literal('tool'),
    ...payloadShapes.tool,
    ...requestBase,
    response: z.nullable(toolResponseSchema),
  }),
  z.object({
    kind: z.literal('plan'),
    ...payloadShapes.plan,
    ...requestBase,
    response: z.nullable(planResponseSchema),
  }),
  z.object({
    kind: z.literal('review'),
    ...payloadShapes.review,
    ...requestBase,
    response: z.nullable(reviewResponseSchema),
  }),
  z.object({
    kind: z.literal('message'),
    ...payloadShapes.message,
    ...requestBase,
    response: z.nullable(messageResponseSchema),
  }),
  z.object({
    kind: z.literal('takeover'),
    ...payloadShapes.takeover,
    ...requestBase,
    response: z.nullable(takeoverResponseSchema),
  }),
]);
export type Request = z.infer<typeof requestSchema>;
export type RequestOf<K extends RequestKind> = Extract<Request, { kind: K }>;

/** Checks that a questions answer covers every question exactly once and picks only offered options when other answers are not allowed. */
export function questionsAnswerProblems(
  questions: readonly Question[],
  response: QuestionsResponse,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const byId = new Map(response.answers.map((a) => [a.questionId, a.value]));
  if (byId.size !== response.answers.length)
    problems.answers = 'Each question may be answered once';
  questions.forEach((q) => {
    const value = byId.get(q.id);
    if (value === undefined) problems[`answers.${q.id}`] = 'This question needs an answer';
    else if (q.options?.length && q.allowOther === false && !q.options.includes(value)) {
      problems[`answers.${q.id}`] = 'Pick one of the options';
    }
  });
  for (const id of byId.keys()) {
    if (!questions.some((q) => q.id === id)) problems[`answers.${id}`] = 'No such question';
  }
  return problems;
}

/** The input a tool answer lets run: the reviewer's edit, else the agent's own; none when denied. */
export function approvedInput(
  request: Pick<RequestOf<'tool'>, 'input'>,
  response: ToolResponse,
): Record<string, unknown> | null {
  if (response.decision !== 'approve') return null;
  return response.input ?? request.input;
}

/** Checks a message answer against the request's fields: `fields` when it has any, `text` otherwise. */
export function messageAnswerProblems(
  fields: readonly MessageField[] | undefined,
  response: MessageResponse,
  options?: readonly AnswerOption[],
): Record<string, string> {
  if (!fields?.length) {
    if (!('text' in response)) return { text: 'Send a text answer' };
    if (response.option !== undefined && !options?.some((o) => o.name === response.option)) {
      return { option: 'No such option' };
    }
    return {};
  }
  if (!('fields' in response)) return { fields: 'Fill in the fields' };
  const problems: Record<string, string> = {};
  for (const f of fields) {
    if (f.required && !ownValue(response.fields, f.name)?.trim())
      problems[`fields.${f.name}`] = `${f.label} is required`;
  }
  for (const name of Object.keys(response.fields)) {
    if (!fields.some((f) => f.name === name)) problems[`fields.${name}`] = 'No such field';
  }
  return problems;
}

/** `GET /api/v1/runs/{id}/groups/{group}`: every request of a group; `decided` once none is pending. */
export const requestGroupSchema = z.object({
  runId: idSchema,
  group: z.string(),
  decided: z.boolean(),
  requests: z.array(requestSchema),
});
export type RequestGroup = z.infer<typeof requestGroupSchema>;
