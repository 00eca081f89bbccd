import { lazy, Suspense } from 'react';
import { Button } from '../../../components/ui/button';
import { loadChunk } from '../../../lib/load-chunk';
import { ROW_HEIGHT } from './inbox-list';

export const EMPTY_INBOX = 'Nothing is waiting. New requests appear here as agents ask.';
export const NO_MATCHES = 'No waiting runs match these filters.';

export function InboxSkeleton() {
  return (
    <div role="status" className="rounded-md border border-slate-200 dark:border-slate-800">
      <span className="sr-only">Loading the inbox…</span>
      {Array.from({ length: 6 }, (_, i) => (
        <div
          key={i}
          style={{ height: ROW_HEIGHT }}
          className="flex flex-col justify-center gap-2 border-b border-slate-200 px-3 last:border-b-0 dark:border-slate-800"
        >
          <div className="h-3.5 w-2/3 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-3 w-1/3 animate-pulse rounded bg-slate-100 dark:bg-slate-800/60" />
        </div>
      ))}
    </div>
  );
}

type InboxErrorProps = { message: string; onRetry: () => void; isRetrying: boolean };

export function InboxError({ message, onRetry, isRetrying }: InboxErrorProps) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p>Could not load the inbox: {message}</p>
      <Button variant="secondary" size="sm" onClick={onRetry} isLoading={isRetrying}>
        Try again
      </Button>
    </div>
  );
}

// Needed only on an empty inbox, so it stays out of the inbox's first load.
const FirstRunGuide = lazy(() =>
  loadChunk(() => import('./first-run-guide')).then((m) => ({ default: m.FirstRunGuide })),
);

type InboxEmptyProps = { filtered: boolean; onClearFilters: () => void };

export function InboxEmpty({ filtered, onClearFilters }: InboxEmptyProps) {
  return (
    <div>
      <div className="flex flex-col items-center gap-3 rounded-md border border-dashed border-slate-300 px-4 py-14 text-center dark:border-slate-700">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {filtered ? NO_MATCHES : EMPTY_INBOX}
        </p>
        {filtered && (
          <Button variant="secondary" size="sm" onClick={onClearFilters}>
            Clear filters
          </Button>
        )}
      </div>
      {!filtered && (
        <Suspense fallback={null}>
          <FirstRunGuide />
        </Suspense>
      )}
    </div>
  );
}
