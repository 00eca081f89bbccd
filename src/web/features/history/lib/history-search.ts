import * as z from 'zod/mini';

export const historySearchSchema = z.object({ q: z.catch(z.string().check(z.maxLength(200)), '') });
export type HistorySearch = z.infer<typeof historySearchSchema>;

export function parseHistorySearch(params: URLSearchParams): HistorySearch {
  return historySearchSchema.parse(Object.fromEntries(params));
}
