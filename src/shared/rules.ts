import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';

export const ruleSchema = z.object({
  id: idSchema,
  /** `null` means every customer. */
  customer: z.nullable(z.string()),
  tool: z.string(),
  createdBy: z.string(),
  createdAt: isoDateSchema,
  /** How many tool requests the rule has approved on its own. */
  firedCount: z.number().check(z.int(), z.nonnegative()),
  lastFiredAt: z.nullable(isoDateSchema),
});
export type Rule = z.infer<typeof ruleSchema>;

export const createRuleSchema = z.object({
  customer: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  tool: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export type CreateRule = z.input<typeof createRuleSchema>;
