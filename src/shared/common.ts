import * as z from 'zod/mini';
import { ownRecord } from './own-keys';

export const idSchema = z.string().check(z.minLength(1), z.maxLength(64));
export const isoDateSchema = z.iso.datetime({ offset: true });

/** Agent-supplied free-form data: any JSON object. */
export const metadataSchema = ownRecord(z.unknown());

export function listSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}
export type List<T> = { items: T[]; nextCursor: string | null };
