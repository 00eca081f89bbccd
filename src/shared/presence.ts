import * as z from 'zod/mini';
import { idSchema } from './common';

/** Who else has a run open (never the caller). */
export const runPresenceSchema = z.object({
  viewers: z.array(z.object({ id: idSchema, username: z.string() })),
});
export type RunPresence = z.infer<typeof runPresenceSchema>;
