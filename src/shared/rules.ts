import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';

export const ruleSchema = z.object({
  id: idSchema,
  /** `null` means every customer. */
  customer: z.string().nullable(),
  tool: z.string(),
  createdBy: z.string(),
  createdAt: isoDateSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

export const createRuleSchema = z.object({
  customer: z.string().trim().min(1).max(200).nullable(),
  tool: z.string().trim().min(1).max(200),
});
export type CreateRule = z.input<typeof createRuleSchema>;
