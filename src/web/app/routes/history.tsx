import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { Button } from '../../components/ui/button';
import { LoadMore } from '../../components/ui/load-more';
import { Input } from '../../components/ui/input';
import { HistoryList } from '../../features/history/components/history-list';
import { parseHistorySearch } from '../../features/history/lib/history-search';
import { runListOptions } from '../../features/runs/api/get-runs';
import { sourceListOptions } from '../../features/sources/api/get-sources';
import { useSearchText } from '../../lib/use-search-text';

export const NO_HISTORY = 'No finished runs yet.';
export const NO_HISTORY_MATCHES = 'No finished runs match this search.';

export function Component() {
  const [params, setParams] = useSearchParams();
  const { q } = parseHistorySearch(params);
  const [text, setText] = useSearchText(q, (value) =>
    setParams(value ? { q: value } : {}, { replace: true }),
  );
  const list = useInfiniteQuery({
    ...runListOptions({ status: 'finished', sort: 'activity', q: q.trim() || undefined }),
    placeholderData: keepPreviousData,
  });
  const sources = useQuery(sourceListOptions());
  const sourceNames = useMemo(
    () => new Map(sources.data?.items.map((s) => [s.id, s.name])),
    [sources.data],
  );
  const runs = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  return (
    <ContentLayout title="History" description="Finished runs, most recent activity first.">
      <div role="search" className="mb-3 flex max-w-md flex-col gap-1">
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
          placeholder="Title, customer or external id"
          onChange={(event) => setText(event.target.value)}
        />
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
          {q ? NO_HISTORY_MATCHES : NO_HISTORY}
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
