import { infiniteQueryOptions } from '@tanstack/react-query';
import { type AuditFilters, auditEntrySchema } from '../../../../shared/audit';
import { listSchema } from '../../../../shared/common';
import { API_BASE, api } from '../../../lib/api-client';
import { auditKeys } from './audit-keys';

const auditListSchema = listSchema(auditEntrySchema);

function toParams(filters: AuditFilters, extra: Record<string, string | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}

export function getAudit(filters: AuditFilters, cursor?: string, signal?: AbortSignal) {
  return api.get(`/audit?${toParams(filters, { cursor })}`, auditListSchema, signal);
}

export const auditListOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getAudit(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Where the browser downloads every entry that matches, as CSV. */
export const auditCsvHref = (filters: AuditFilters) =>
  `${API_BASE}/audit.csv?${toParams({ ...filters, limit: undefined })}`;

/** The whole hash chain, oldest first, one entry a line, for `npm run audit:verify`. */
export const auditChainHref = `${API_BASE}/audit/export?format=jsonl`;
