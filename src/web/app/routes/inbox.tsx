import {
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useNavigate } from 'react-router';
import { RouteErrorPage } from '../../components/errors/error-page';
import { paths } from '../../config/paths';
import { ContentLayout } from '../../components/layouts/content-layout';
import { InboxFilters } from '../../features/inbox/components/inbox-filters';
import { InboxList } from '../../features/inbox/components/inbox-list';
import { InboxQueues } from '../../features/inbox/components/inbox-queues';
import {
  InboxEmpty,
  InboxError,
  InboxSkeleton,
} from '../../features/inbox/components/inbox-states';
import { useInboxSearch } from '../../features/inbox/hooks/use-inbox-search';
import { useSearchText } from '../../lib/use-search-text';
import { runMatches, uniqueRuns } from '../../features/inbox/lib/inbox-search';
import { rememberInboxSearch } from '../../features/inbox/lib/last-inbox-search';
import { inboxFilters, runListOptions } from '../../features/runs/api/get-runs';
import { sourceListOptions } from '../../features/sources/api/get-sources';
import type { RunSummary } from '../../../shared/runs';
import { canAnswer } from '../../../shared/users';
import { meOptions } from '../../features/auth/api/get-me';
import { BulkBar } from '../../features/inbox/components/bulk-bar';
import { BulkDialog } from '../../features/inbox/components/bulk-dialog';
import { useBulkDecision } from '../../features/inbox/hooks/use-bulk-decision';
import { useSelection } from '../../features/inbox/hooks/use-selection';
import { useBulkAnswer } from '../../features/runs/api/bulk-answer';
import { runDetailOptions } from '../../features/runs/api/get-run';
import { useHotkeys } from '../../lib/use-hotkeys';

const hasToolCall = (run: RunSummary) => run.pendingKinds.includes('tool');

export function Component() {
  const { search, setSearch } = useInboxSearch();
  const [text, setText] = useSearchText(search.q, (q) => setSearch({ q }, { replace: true }));
  const searchRef = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  useHotkeys({ '/': () => searchRef.current?.focus() });
  // Answering a run moves on within what the reviewer was looking at, and "← Inbox" returns to it.
  useEffect(() => rememberInboxSearch(search), [search]);

  const list = useInfiniteQuery({
    ...runListOptions(
      inboxFilters({
        kind: search.kind,
        source: search.source,
        assigned: search.queue,
        q: search.q.trim() || undefined,
      }),
    ),
    placeholderData: keepPreviousData,
  });
  const sources = useQuery(sourceListOptions());
  const sourceNames = useMemo(
    () => new Map(sources.data?.items.map((s) => [s.id, s.name])),
    [sources.data],
  );
  // Widening the search (Backspace) would wait for the debounced refetch; the unfiltered pages, when
  // cached, already hold every row it can bring back.
  const queryClient = useQueryClient();
  const widening = !text.trim().toLowerCase().includes(search.q.trim().toLowerCase());
  const unfiltered = widening
    ? queryClient.getQueryData(
        runListOptions(
          inboxFilters({ kind: search.kind, source: search.source, assigned: search.queue }),
        ).queryKey,
      )
    : undefined;
  const pages = (unfiltered ?? list.data)?.pages;
  const loaded = useMemo(() => uniqueRuns(pages ?? []), [pages]);
  const runs = useMemo(
    () => loaded.filter((run) => runMatches(run, { ...search, q: text })),
    [loaded, search, text],
  );

  // While typing, the loaded pages belong to an older query; only page further once they agree.
  const inSync = text === search.q && !list.isPlaceholderData;
  const { fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (inSync) void fetchNextPage();
  }, [inSync, fetchNextPage]);

  const { data: me } = useQuery(meOptions());
  const mayDecide = me ? canAnswer(me.role) : false;
  const toolRunIds = useMemo(
    () => (mayDecide ? runs.filter(hasToolCall).map((run) => run.id) : []),
    [runs, mayDecide],
  );
  const selection = useSelection(toolRunIds);
  const bulkAnswer = useBulkAnswer();
  const bulk = useBulkDecision({
    loadRun: (runId) => queryClient.fetchQuery({ ...runDetailOptions(runId), staleTime: 0 }),
    submit: (body, idempotencyKey) => bulkAnswer.mutateAsync({ body, idempotencyKey }),
    onDecided: selection.remove,
  });

  const filtered = Boolean(search.kind || search.source || text.trim());
  const clearFilters = () => {
    setText('');
    setSearch({ kind: undefined, source: undefined, q: undefined });
  };

  return (
    <ContentLayout title="Inbox" description="Runs waiting for a person, most urgent first.">
      <InboxQueues queue={search.queue} onChange={(queue) => setSearch({ queue })} />
      <InboxFilters
        kind={search.kind}
        source={search.source}
        text={text}
        sources={sources.data?.items ?? []}
        onKindChange={(kind) => setSearch({ kind })}
        onSourceChange={(source) => setSearch({ source })}
        onTextChange={setText}
        onOpenFirst={() => {
          if (runs[0]) void navigate(paths.run.getHref(runs[0].id));
        }}
        searchRef={searchRef}
      />
      <BulkBar
        selectedCount={selection.selected.length}
        selectableCount={toolRunIds.length}
        onSelectAll={selection.selectAll}
        onClear={selection.clear}
        onDecide={(decision) => void bulk.start(decision, selection.selected)}
      />
      <BulkDialog
        decision={bulk.decision}
        state={bulk.state}
        onConfirm={(items) => void bulk.confirm(items)}
        onClose={bulk.close}
      />
      {list.isError && (
        <div className="mb-3">
          <InboxError
            message={list.error.message}
            onRetry={() => void list.refetch()}
            isRetrying={list.isFetching}
          />
        </div>
      )}
      {list.isPending ? (
        <InboxSkeleton />
      ) : runs.length === 0 ? (
        !list.isError && <InboxEmpty filtered={filtered} onClearFilters={clearFilters} />
      ) : (
        <InboxList
          runs={runs}
          sourceNames={sourceNames}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          onLoadMore={loadMore}
          selection={
            mayDecide
              ? {
                  canSelect: hasToolCall,
                  isSelected: selection.isSelected,
                  toggle: selection.toggle,
                }
              : undefined
          }
        />
      )}
    </ContentLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
