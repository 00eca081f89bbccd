import * as z from 'zod/mini';

/** History's status filter: a run status, or `finished` for completed, failed and stopped. */
export const historyStatuses = [
  'waiting',
  'running',
  'finished',
  'completed',
  'failed',
  'stopped',
] as const;

export const historySearchSchema = z.object({
  q: z.catch(z.string().check(z.maxLength(200)), ''),
  status: z.catch(z.optional(z.enum(historyStatuses)), undefined),
});
export type HistorySearch = z.infer<typeof historySearchSchema>;

export function parseHistorySearch(params: URLSearchParams): HistorySearch {
  return historySearchSchema.parse(Object.fromEntries(params));
}
