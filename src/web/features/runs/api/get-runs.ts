import { infiniteQueryOptions } from '@tanstack/react-query';
import { listSchema } from '../../../../shared/common';
import { type RunListQuery, runSummarySchema } from '../../../../shared/runs';
import { api } from '../../../lib/api-client';
import { runKeys } from './run-keys';

const runListSchema = listSchema(runSummarySchema);

export function getRuns(filters: RunListQuery, cursor?: string, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, cursor })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return api.get(`/runs?${params}`, runListSchema, signal);
}

export const runListOptions = (filters: RunListQuery) =>
  infiniteQueryOptions({
    queryKey: runKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getRuns(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The inbox's query: waiting runs, most urgent first. */
export const inboxFilters = (extra: Omit<RunListQuery, 'status' | 'sort'> = {}): RunListQuery => ({
  status: 'waiting',
  sort: 'urgency',
  limit: 200,
  ...extra,
});
