import * as z from 'zod/mini';
import { idSchema } from './common';

export const streamEventTypes = [
  'run.created',
  'run.updated',
  'request.created',
  'request.answered',
  'request.updated',
  'rule.changed',
  'presence.changed',
] as const;
export const streamEventTypeSchema = z.enum(streamEventTypes);
export type StreamEventType = z.infer<typeof streamEventTypeSchema>;

/** The `data` of each Server-Sent Event; the SSE `event:` field is `type` and the SSE `id:` is `id`. */
export const streamEventSchema = z.object({
  id: z.string(),
  type: streamEventTypeSchema,
  runId: z.nullable(idSchema),
  requestId: z.nullable(idSchema),
  at: z.string(),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;
