import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { LoaderFunctionArgs } from 'react-router';
import { useNavigate, useParams } from 'react-router';
import type { Request } from '../../../shared/requests';
import type { List } from '../../../shared/common';
import { finishedRunStatuses, type RunListQuery, type RunSummary } from '../../../shared/runs';
import { canAnswer } from '../../../shared/users';
import { RouteErrorPage } from '../../components/errors/error-page';
import { paths } from '../../config/paths';
import { RunAudit } from '../../features/audit/components/run-audit';
import { meOptions } from '../../features/auth/api/get-me';
import { AnswerCards } from '../../features/runs/components/answer-cards';
import { DeliveryHoldProvider } from '../../features/runs/components/delivery-hold';
import { GroupProgressProvider } from '../../features/runs/components/group-progress';
import { EarlierRequests } from '../../features/runs/components/earlier-requests';
import { useCardRequests } from '../../features/runs/hooks/use-card-requests';
import { type InboxSearch, runMatches } from '../../features/inbox/lib/inbox-search';
import { inboxQuery, lastInboxSearch } from '../../features/inbox/lib/last-inbox-search';
import { runDetailOptions } from '../../features/runs/api/get-run';
import { runKeys } from '../../features/runs/api/run-keys';
import { inboxFilters, runListOptions } from '../../features/runs/api/get-runs';
import { LiveFrame } from '../../features/runs/components/live-frame';
import { RunHeader } from '../../features/runs/components/run-header';
import { RunTimeline } from '../../features/runs/components/run-timeline';
import { sourceListOptions } from '../../features/sources/api/get-sources';

export const clientLoader =
  (queryClient: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    const runId = params.runId ?? '';
    await Promise.all([
      queryClient.ensureQueryData(runDetailOptions(runId)),
      queryClient.ensureQueryData(meOptions()),
    ]);
    return null;
  };

/**
 * The most urgent waiting run other than `runId` in the inbox as the reviewer last saw it (kind, source,
 * search), from that list's own query.
 */
async function nextWaitingRun(queryClient: QueryClient, runId: string, search: InboxSearch) {
  const { kind, source, q } = search;
  const options = runListOptions(inboxFilters({ kind, source, q: q.trim() || undefined }));
  const inbox =
    queryClient.getQueryData(options.queryKey) ?? (await queryClient.fetchInfiniteQuery(options));
  return inbox.pages
    .flatMap((page) => page.items)
    .find((run) => run.id !== runId && runMatches(run, search));
}

/**
 * Takes a run with nothing left pending out of every cached waiting list at once, so neither the inbox nor
 * the next move on (which reads those lists before their refetch lands) offers it again.
 */
function dropFromWaitingLists(queryClient: QueryClient, runId: string) {
  queryClient.setQueriesData<InfiniteData<RunList>>(
    {
      queryKey: runKeys.lists(),
      predicate: (query) => (query.queryKey[2] as RunListQuery | undefined)?.status === 'waiting',
    },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.filter((run) => run.id !== runId),
        })),
      },
  );
}

function useMoveOn(runId: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    dropFromWaitingLists(queryClient, runId);
    const search = lastInboxSearch();
    const next = await nextWaitingRun(queryClient, runId, search).catch(() => undefined);
    await navigate(next ? paths.run.getHref(next.id) : paths.inbox.getHref(inboxQuery(search)));
  };
}

type RunList = List<RunSummary>;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-base font-semibold text-slate-900 dark:text-slate-50">
        {title}
      </h2>
      {children}
    </section>
  );
}

function RunPage({ runId }: { runId: string }) {
  const { data: run } = useSuspenseQuery(runDetailOptions(runId));
  const { data: me } = useSuspenseQuery(meOptions());
  const sources = useQuery(sourceListOptions());
  const { cards, earlier } = useCardRequests(run.requests);
  const moveOn = useMoveOn(runId);
  const role = me?.role ?? null;

  const sourceName = sources.data?.items.find((s) => s.id === run.sourceId)?.name ?? run.sourceId;
  const takeoverPending = cards.some((r) => r.kind === 'takeover' && r.status === 'pending');

  // Another request on this run may still wait; stay for it rather than jump to the next run.
  const onAnswered = (answered: Request) => {
    const stillWaiting = run.requests.some((r) => r.status === 'pending' && r.id !== answered.id);
    if (!stillWaiting) void moveOn();
  };

  return (
    <div className="mx-auto w-full max-w-4xl space-y-8 px-4 py-5 sm:px-6">
      <RunHeader
        run={run}
        inboxHref={paths.inbox.getHref(inboxQuery(lastInboxSearch()))}
        sourceName={sourceName}
        canStop={role !== null && canAnswer(role) && !takeoverPending}
      />
      <DeliveryHoldProvider hold={run.deliveryHold}>
        <GroupProgressProvider requests={run.requests}>
          <Section title="Waiting for an answer">
            <AnswerCards
              requests={cards}
              role={role}
              liveUrl={run.liveUrl}
              customer={run.customer}
              onAnswered={onAnswered}
            />
          </Section>
          {earlier.length > 0 && (
            <Section title="Earlier requests">
              <EarlierRequests requests={earlier} canRetry={role !== null && canAnswer(role)} />
            </Section>
          )}
        </GroupProgressProvider>
      </DeliveryHoldProvider>
      {run.liveUrl && !takeoverPending && (
        <Section title="Live view">
          <LiveFrame url={run.liveUrl} ended={finishedRunStatuses.includes(run.status)} />
        </Section>
      )}
      <Section title="Timeline">
        <RunTimeline events={run.timeline} />
      </Section>
      {role === 'admin' && (
        <Section title="Audit">
          <RunAudit runId={runId} />
        </Section>
      )}
    </div>
  );
}

export function Component() {
  const { runId = '' } = useParams();
  return <RunPage key={runId} runId={runId} />;
}

export const ErrorBoundary = RouteErrorPage;
