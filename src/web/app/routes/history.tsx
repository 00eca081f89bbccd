import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { Button } from '../../components/ui/button';
import { LoadMore } from '../../components/ui/load-more';
import { Input, Select } from '../../components/ui/input';
import { HistoryList } from '../../features/history/components/history-list';
import { historyStatuses, parseHistorySearch } from '../../features/history/lib/history-search';
import { runListOptions } from '../../features/runs/api/get-runs';
import { sourceListOptions } from '../../features/sources/api/get-sources';
import { useSearchText } from '../../lib/use-search-text';

export const NO_HISTORY = 'No run has asked for a person yet.';
export const NO_HISTORY_MATCHES = 'No runs match this search.';

const statusLabels = {
  waiting: 'Waiting',
  running: 'Running (answered)',
  finished: 'Finished',
  completed: 'Completed',
  failed: 'Failed',
  stopped: 'Stopped',
} satisfies Record<(typeof historyStatuses)[number], string>;

export function Component() {
  const [params, setParams] = useSearchParams();
  const { q, status } = parseHistorySearch(params);
  const update = (patch: { q?: string; status?: string }) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  const [text, setText] = useSearchText(q, (value) => update({ q: value }));
  // Every run that ever asked, whatever became of it, including one answered while its agent still runs.
  const list = useInfiniteQuery({
    ...runListOptions({
      asked: '1',
      search: 'answers',
      status,
      sort: 'activity',
      q: q.trim() || undefined,
    }),
    placeholderData: keepPreviousData,
  });
  const sources = useQuery(sourceListOptions());
  const sourceNames = useMemo(
    () => new Map(sources.data?.items.map((s) => [s.id, s.name])),
    [sources.data],
  );
  const runs = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  return (
    <ContentLayout
      title="History"
      description="Every run that asked for a person, most recent activity first."
    >
      <div role="search" className="mb-3 grid max-w-2xl gap-2 sm:grid-cols-[1fr_12rem] sm:gap-3">
        <div className="flex flex-col gap-1">
          <label
            htmlFor="history-search"
            className="text-xs font-medium text-slate-600 dark:text-slate-400"
          >
            Search
          </label>
          <Input
            id="history-search"
            type="search"
            value={text}
            maxLength={200}
            autoComplete="off"
            placeholder="Title, customer, answer, note or who answered"
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label
            htmlFor="history-status"
            className="text-xs font-medium text-slate-600 dark:text-slate-400"
          >
            Status
          </label>
          <Select
            id="history-status"
            value={status ?? ''}
            onChange={(event) => update({ status: event.target.value })}
          >
            <option value="">All statuses</option>
            {historyStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {list.isPending ? (
        <p className="py-6 text-sm text-slate-600 dark:text-slate-400">Loading…</p>
      ) : list.isError && runs.length === 0 ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 text-sm text-red-800 dark:text-red-300"
        >
          <p>Could not load the history: {list.error.message}</p>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void list.refetch()}
            isLoading={list.isFetching}
          >
            Try again
          </Button>
        </div>
      ) : runs.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {q || status ? NO_HISTORY_MATCHES : NO_HISTORY}
        </p>
      ) : (
        <>
          <HistoryList runs={runs} sourceNames={sourceNames} />
          <LoadMore list={list} />
        </>
      )}
    </ContentLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
