import * as z from 'zod/mini';
import { requestKindSchema } from '../../../../shared/requests';
import type { RunSummary } from '../../../../shared/runs';

export const inboxQueues = ['mine', 'groups', 'unassigned'] as const;
export type InboxQueue = (typeof inboxQueues)[number];

/** The inbox's URL search params; anything malformed falls back to "no filter". */
export const inboxSearchSchema = z.object({
  /** Filtered by the server only: a run summary does not say who is on its requests. */
  queue: z.catch(z.optional(z.enum(inboxQueues)), undefined),
  kind: z.catch(z.optional(requestKindSchema), undefined),
  source: z.catch(z.optional(z.string().check(z.minLength(1), z.maxLength(64))), undefined),
  q: z.catch(z.string().check(z.maxLength(200)), ''),
});
export type InboxSearch = z.infer<typeof inboxSearchSchema>;

export function parseInboxSearch(params: URLSearchParams): InboxSearch {
  return inboxSearchSchema.parse(Object.fromEntries(params));
}

/**
 * The server's filter rules (`kind` pending, `source`, `q` as a case-insensitive substring of title,
 * customer or external id), applied to rows already loaded so a change narrows the list at once.
 */
export function runMatches(run: RunSummary, { kind, source, q }: InboxSearch): boolean {
  if (kind && !run.pendingKinds.includes(kind)) return false;
  if (source && run.sourceId !== source) return false;
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [run.title, run.customer, run.externalId].some((field) =>
    field?.toLowerCase().includes(needle),
  );
}

/** Rows of every loaded page, each run once (a live refetch can shift a run across a page edge). */
export function uniqueRuns(pages: readonly { items: RunSummary[] }[]): RunSummary[] {
  const seen = new Set<string>();
  const runs: RunSummary[] = [];
  for (const page of pages) {
    for (const run of page.items) {
      if (seen.has(run.id)) continue;
      seen.add(run.id);
      runs.push(run);
    }
  }
  return runs;
}
