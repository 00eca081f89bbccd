import * as z from 'zod/mini';
import { idSchema, isoDateSchema, metadataSchema } from './common';
import { requestKindSchema, requestSchema } from './requests';

export const runStatuses = ['running', 'waiting', 'completed', 'failed', 'stopped'] as const;
export const runStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const finishedRunStatuses: readonly RunStatus[] = ['completed', 'failed', 'stopped'];

const httpUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(2000));

export const runSchema = z.object({
  id: idSchema,
  sourceId: idSchema,
  externalId: z.nullable(z.string()),
  title: z.string(),
  status: runStatusSchema,
  customer: z.nullable(z.string()),
  liveUrl: z.nullable(z.string()),
  metadata: metadataSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  waitingSince: z.nullable(isoDateSchema),
  /**
   * Why answers to this run are kept instead of sent: its platform has not yet said where they go (Dari
   * asked without naming its job). They are sent once it does. Absent or null: sent at once.
   */
  deliveryHold: z.optional(z.nullable(z.string())),
});
export type Run = z.infer<typeof runSchema>;

/** A row of the inbox or history: the run plus what is pending on it. */
export const runSummarySchema = z.extend(runSchema, {
  pendingKinds: z.array(requestKindSchema),
  pendingCount: z.number().check(z.int(), z.nonnegative()),
  nextExpiresAt: z.nullable(isoDateSchema),
  /** Present while a pending request of the run has been escalated: the group it went to. */
  escalatedToGroupId: z.optional(idSchema),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const createRunSchema = z.object({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  externalId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  customer: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  liveUrl: z.optional(httpUrl),
  metadata: z.optional(metadataSchema),
});
export type CreateRun = z.input<typeof createRunSchema>;

export const updateRunSchema = z
  .partial(
    z.object({
      status: z.enum(['running', 'completed', 'failed', 'stopped']),
      title: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
      liveUrl: z.nullable(httpUrl),
      metadata: metadataSchema,
    }),
  )
  .check(
    z.refine(
      (v) => Object.keys(v).length > 0,
      'Send at least one of status, title, liveUrl, metadata',
    ),
  );
export type UpdateRun = z.input<typeof updateRunSchema>;

export const timelineEventSchema = z.object({
  id: idSchema,
  runId: idSchema,
  /** Agent events carry the agent's own type; Countersign's are `run.*` and `request.*`. */
  type: z.string(),
  message: z.string(),
  data: z.nullable(z.unknown()),
  /** Who did it: a username, `agent`, `system`, or `rule:<ruleId>`. */
  actor: z.string(),
  createdAt: isoDateSchema,
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const createEventSchema = z.object({
  type: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  message: z.string().check(z.trim(), z.minLength(1), z.maxLength(10_000)),
  data: z.optional(z.unknown()),
});
export type CreateEvent = z.input<typeof createEventSchema>;

export const runDetailSchema = z.extend(runSchema, {
  requests: z.array(requestSchema),
  timeline: z.array(timelineEventSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const runSorts = ['activity', 'urgency'] as const;

/** Query of `GET /api/v1/runs`. `status` takes one status or a comma list; `finished` means completed, failed or stopped. */
export const runListQuerySchema = z.object({
  status: z.optional(z.string().check(z.maxLength(100))),
  kind: z.optional(requestKindSchema),
  source: z.optional(z.string().check(z.maxLength(64))),
  q: z.optional(z.string().check(z.maxLength(200))),
  /** `1`: only runs that asked a person at least once (History), whatever their status now. */
  asked: z.optional(z.enum(['1'])),
  /** `answers`: `q` also matches the answers given (notes, feedback, fields) and who gave them. */
  search: z.optional(z.enum(['answers'])),
  /** The inbox's queues: runs with a pending request claimed by me, sent to my groups, or unclaimed. */
  assigned: z.optional(z.enum(['mine', 'groups', 'unassigned'])),
  sort: z._default(z.enum(runSorts), 'activity'),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 50),
});
export type RunListQuery = z.input<typeof runListQuerySchema>;
