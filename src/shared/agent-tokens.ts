import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';

/** An agent token as listed: never its value, which is shown once when it is created. */
export const agentTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  sourceId: idSchema,
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
});
export type AgentToken = z.infer<typeof agentTokenSchema>;

export const createAgentTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token').max(100),
});
export type CreateAgentToken = z.infer<typeof createAgentTokenSchema>;

export const issuedAgentTokenSchema = agentTokenSchema.extend({ token: z.string() });
export type IssuedAgentToken = z.infer<typeof issuedAgentTokenSchema>;
