import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);
export const isoDateSchema = z.iso.datetime({ offset: true });

/** Agent-supplied free-form data: any JSON object. */
export const metadataSchema = z.record(z.string(), z.unknown());

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type List<T> = { items: T[]; nextCursor: string | null };
