import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';

export const ruleSchema = z.object({
  id: idSchema,
  /** `null` means every customer. */
  customer: z.nullable(z.string()),
  tool: z.string(),
  createdBy: z.string(),
  createdAt: isoDateSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

export const createRuleSchema = z.object({
  customer: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  tool: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export type CreateRule = z.input<typeof createRuleSchema>;
