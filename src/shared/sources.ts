import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';

export const sourceKinds = ['native', 'dari', 'anchor', 'browser-use', 'crewai', 'm8tes'] as const;
export const sourceKindSchema = z.enum(sourceKinds);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** A source as any API shows it: never its secrets. */
export const sourceSchema = z.object({
  id: idSchema,
  kind: sourceKindSchema,
  name: z.string(),
  createdAt: isoDateSchema,
});
export type Source = z.infer<typeof sourceSchema>;
