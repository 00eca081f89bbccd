import { z } from 'zod';

export const getRequestQuerySchema = z.object({
  wait: z.coerce.number().min(0).max(60).optional(),
});

export const idempotencyKeySchema = z.string().min(1).max(200);
