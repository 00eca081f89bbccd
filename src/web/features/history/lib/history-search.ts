import { z } from 'zod';

export const historySearchSchema = z.object({ q: z.string().max(200).catch('') });
export type HistorySearch = z.infer<typeof historySearchSchema>;

export function parseHistorySearch(params: URLSearchParams): HistorySearch {
  return historySearchSchema.parse(Object.fromEntries(params));
}
