import * as z from 'zod/mini';

export const getRequestQuerySchema = z.object({
  wait: z.optional(z.coerce.number().check(z.gte(0), z.lte(60))),
});

export const idempotencyKeySchema = z.string().check(z.minLength(1), z.maxLength(200));
