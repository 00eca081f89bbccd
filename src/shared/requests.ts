import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';

export const requestKinds = ['questions', 'tool', 'plan', 'review', 'message', 'takeover'] as const;
export const requestKindSchema = z.enum(requestKinds);
export type RequestKind = z.infer<typeof requestKindSchema>;

export const requestStatuses = ['pending', 'answered', 'expired', 'cancelled'] as const;
export const requestStatusSchema = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export const deliverySchema = z.object({
  status: z.enum(deliveryStatuses),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const questionSchema = z.object({
  id: z.string().min(1).max(100),
  text: text(2000),
  options: z.array(text(500)).max(50).optional(),
  allowOther: z.boolean().default(true),
});
export type Question = z.infer<typeof questionSchema>;

export const messageFieldSchema = z.object({
  name: z.string().min(1).max(100),
  label: text(200),
  required: z.boolean().optional(),
  placeholder: z.string().max(200).optional(),
  defaultValue: z.string().max(5000).optional(),
});
export type MessageField = z.infer<typeof messageFieldSchema>;

/** The payload of each kind, exactly as agents send it (and as requests carry it). */
export const payloadShapes = {
  questions: {
    questions: z
      .array(questionSchema)
      .min(1)
      .max(50)
      .refine(
        (qs) => new Set(qs.map((q) => q.id)).size === qs.length,
        'Question ids must be unique',
      ),
  },
  tool: {
    tool: text(200),
    input: z.record(z.string(), z.unknown()),
    reason: z.string().max(5000).optional(),
    canRemember: z.boolean().default(true),
  },
  plan: { plan: text(100_000) },
  review: { output: text(200_000), title: z.string().max(500).optional() },
  message: {
    message: text(20_000),
    fields: z
      .array(messageFieldSchema)
      .max(30)
      .refine(
        (fs) => new Set(fs.map((f) => f.name)).size === fs.length,
        'Field names must be unique',
      )
      .optional(),
  },
  takeover: { instructions: text(20_000) },
} as const;

const expiresAt = { expiresAt: isoDateSchema.optional() };

export const createRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('questions'), ...payloadShapes.questions, ...expiresAt }),
  z.object({ kind: z.literal('tool'), ...payloadShapes.tool, ...expiresAt }),
  z.object({ kind: z.literal('plan'), ...payloadShapes.plan, ...expiresAt }),
  z.object({ kind: z.literal('review'), ...payloadShapes.review, ...expiresAt }),
  z.object({ kind: z.literal('message'), ...payloadShapes.message, ...expiresAt }),
  z.object({ kind: z.literal('takeover'), ...payloadShapes.takeover, ...expiresAt }),
]);
export type CreateRequest = z.input<typeof createRequestSchema>;
export type CreateRequestParsed = z.infer<typeof createRequestSchema>;

export const questionsResponseSchema = z.object({
  answers: z
    .array(z.object({ questionId: z.string().min(1).max(100), value: text(10_000) }))
    .min(1)
    .max(50),
});
export const toolResponseSchema = z.object({
  decision: z.enum(['approve', 'deny']),
  remember: z.boolean().optional(),
  note: z.string().max(5000).optional(),
});
export const planResponseSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('revise'), feedback: text(20_000) }),
]);
export const reviewResponseSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), feedback: z.string().max(20_000).optional() }),
  z.object({ decision: z.literal('reject'), feedback: text(20_000) }),
]);
export const messageResponseSchema = z.union([
  z.object({ text: text(20_000) }).strict(),
  z.object({ fields: z.record(z.string(), z.string().max(20_000)) }).strict(),
]);
export const takeoverResponseSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('handback'), followUp: z.string().max(20_000).optional() }),
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

const requestBase = {
  id: idSchema,
  runId: idSchema,
  status: requestStatusSchema,
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema.nullable(),
  /** A username, or `rule:<ruleId>` when a pre-approved tool rule answered. */
  answeredBy: z.string().nullable(),
  answeredAt: isoDateSchema.nullable(),
  delivery: deliverySchema,
};

export const requestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('questions'),
    ...payloadShapes.questions,
    ...requestBase,
    response: questionsResponseSchema.nullable(),
  }),
  z.object({
    kind: z.literal('tool'),
    ...payloadShapes.tool,
    ...requestBase,
    response: toolResponseSchema.nullable(),
  }),
  z.object({
    kind: z.literal('plan'),
    ...payloadShapes.plan,
    ...requestBase,
    response: planResponseSchema.nullable(),
  }),
  z.object({
    kind: z.literal('review'),
    ...payloadShapes.review,
    ...requestBase,
    response: reviewResponseSchema.nullable(),
  }),
  z.object({
    kind: z.literal('message'),
    ...payloadShapes.message,
    ...requestBase,
    response: messageResponseSchema.nullable(),
  }),
  z.object({
    kind: z.literal('takeover'),
    ...payloadShapes.takeover,
    ...requestBase,
    response: takeoverResponseSchema.nullable(),
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

/** Checks a message answer against the request's fields: `fields` when it has any, `text` otherwise. */
export function messageAnswerProblems(
  fields: readonly MessageField[] | undefined,
  response: MessageResponse,
): Record<string, string> {
  if (!fields?.length) return 'text' in response ? {} : { text: 'Send a text answer' };
  if (!('fields' in response)) return { fields: 'Fill in the fields' };
  const problems: Record<string, string> = {};
  for (const f of fields) {
    if (f.required && !response.fields[f.name]?.trim())
      problems[`fields.${f.name}`] = `${f.label} is required`;
  }
  for (const name of Object.keys(response.fields)) {
    if (!fields.some((f) => f.name === name)) problems[`fields.${name}`] = 'No such field';
  }
  return problems;
}
