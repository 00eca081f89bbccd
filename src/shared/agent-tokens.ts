import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';

/** An agent token as listed: never its value, which is shown once when it is created. */
export const agentTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  sourceId: idSchema,
  createdAt: isoDateSchema,
  lastUsedAt: z.nullable(isoDateSchema),
});
export type AgentToken = z.infer<typeof agentTokenSchema>;

export const createAgentTokenSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Name the token'), z.maxLength(100)),
});
export type CreateAgentToken = z.infer<typeof createAgentTokenSchema>;

export const issuedAgentTokenSchema = z.extend(agentTokenSchema, { token: z.string() });
export type IssuedAgentToken = z.infer<typeof issuedAgentTokenSchema>;
