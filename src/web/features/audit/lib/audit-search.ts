import * as z from 'zod/mini';
import { type AuditFilters, auditActionGroups, auditActionSchema } from '../../../../shared/audit';

const day = z.union([z.literal(''), z.iso.date()]);

/** The audit page's URL: a malformed parameter falls back to no filter instead of an error. */
export const auditSearchSchema = z.object({
  actor: z.catch(z.string().check(z.maxLength(100)), ''),
  action: z.catch(z.union([z.literal(''), auditActionSchema, z.enum(auditActionGroups)]), ''),
  q: z.catch(z.string().check(z.maxLength(200)), ''),
  from: z.catch(day, ''),
  to: z.catch(day, ''),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export function parseAuditSearch(params: URLSearchParams): AuditSearch {
  return auditSearchSchema.parse(Object.fromEntries(params));
}

/** The API's filters: days are the reader's own, from the start of `from` to the end of `to`. */
export function toAuditFilters(search: AuditSearch): AuditFilters {
  return {
    actor: search.actor.trim() || undefined,
    action: search.action || undefined,
    q: search.q.trim() || undefined,
    from: search.from ? new Date(`${search.from}T00:00:00`).toISOString() : undefined,
    to: search.to ? new Date(`${search.to}T23:59:59.999`).toISOString() : undefined,
  };
}
