import * as z from 'zod/mini';
import { idSchema } from './common';

export const maxBulkRequests = 100;

/** `POST /api/v1/requests/bulk-response`: one decision for several tool calls, each answered on its own. */
export const bulkResponseSchema = z.strictObject({
  decision: z.enum(['approve', 'deny']),
  requestIds: z.array(idSchema).check(
    z.minLength(1),
    z.maxLength(maxBulkRequests),
    z.refine((ids) => new Set(ids).size === ids.length, 'Name each request once'),
  ),
  note: z.optional(z.string().check(z.maxLength(5000))),
});
export type BulkResponse = z.infer<typeof bulkResponseSchema>;

export const bulkOutcomes = [
  /** Decided by this call. */
  'answered',
  /** An approval counted toward a countersign rule; the call waits for more people. */
  'countersign',
  /** Someone answered first. */
  'already_answered',
  /** It expired or was cancelled first. */
  'closed',
  /** Not a tool call, or not yours to answer this way. */
  'not_allowed',
  'not_found',
] as const;
export type BulkOutcome = (typeof bulkOutcomes)[number];

export const bulkResultSchema = z.object({
  requestId: z.string(),
  outcome: z.enum(bulkOutcomes),
  message: z.string(),
  answeredBy: z.optional(z.nullable(z.string())),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

export const bulkResultsSchema = z.object({ results: z.array(bulkResultSchema) });
