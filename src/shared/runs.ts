import { z } from 'zod';
import { idSchema, isoDateSchema, metadataSchema } from './common';
import { requestKindSchema, requestSchema } from './requests';

export const runStatuses = ['running', 'waiting', 'completed', 'failed', 'stopped'] as const;
export const runStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const finishedRunStatuses: readonly RunStatus[] = ['completed', 'failed', 'stopped'];

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const runSchema = z.object({
  id: idSchema,
  sourceId: idSchema,
  externalId: z.string().nullable(),
  title: z.string(),
  status: runStatusSchema,
  customer: z.string().nullable(),
  liveUrl: z.string().nullable(),
  metadata: metadataSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  waitingSince: isoDateSchema.nullable(),
});
export type Run = z.infer<typeof runSchema>;

/** A row of the inbox or history: the run plus what is pending on it. */
export const runSummarySchema = runSchema.extend({
  pendingKinds: z.array(requestKindSchema),
  pendingCount: z.number().int().nonnegative(),
  nextExpiresAt: isoDateSchema.nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const createRunSchema = z.object({
  title: z.string().trim().min(1).max(500),
  externalId: z.string().min(1).max(200).optional(),
  customer: z.string().trim().min(1).max(200).optional(),
  liveUrl: httpUrl.optional(),
  metadata: metadataSchema.optional(),
});
export type CreateRun = z.input<typeof createRunSchema>;

export const updateRunSchema = z
  .object({
    status: z.enum(['running', 'completed', 'failed', 'stopped']),
    title: z.string().trim().min(1).max(500),
    liveUrl: httpUrl.nullable(),
    metadata: metadataSchema,
  })
  .partial()
  .refine(
    (v) => Object.keys(v).length > 0,
    'Send at least one of status, title, liveUrl, metadata',
  );
export type UpdateRun = z.input<typeof updateRunSchema>;

export const timelineEventSchema = z.object({
  id: idSchema,
  runId: idSchema,
  /** Agent events carry the agent's own type; Countersign's are `run.*` and `request.*`. */
  type: z.string(),
  message: z.string(),
  data: z.unknown().nullable(),
  /** Who did it: a username, `agent`, `system`, or `rule:<ruleId>`. */
  actor: z.string(),
  createdAt: isoDateSchema,
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const createEventSchema = z.object({
  type: z.string().trim().min(1).max(100),
  message: z.string().trim().min(1).max(10_000),
  data: z.unknown().optional(),
});
export type CreateEvent = z.input<typeof createEventSchema>;

export const runDetailSchema = runSchema.extend({
  requests: z.array(requestSchema),
  timeline: z.array(timelineEventSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const runSorts = ['activity', 'urgency'] as const;

/** Query of `GET /api/v1/runs`. `status` takes one status or a comma list; `finished` means completed, failed or stopped. */
export const runListQuerySchema = z.object({
  status: z.string().max(100).optional(),
  kind: requestKindSchema.optional(),
  source: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(runSorts).default('activity'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type RunListQuery = z.input<typeof runListQuerySchema>;
