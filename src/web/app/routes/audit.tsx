import type { QueryClient } from '@tanstack/react-query';
import { keepPreviousData, useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { useSearchParams } from 'react-router';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { Button, focusRing } from '../../components/ui/button';
import { LoadMore } from '../../components/ui/load-more';
import { cn } from '../../components/ui/cn';
import { auditChainHref, auditCsvHref, auditListOptions } from '../../features/audit/api/get-audit';
import { AuditFilters } from '../../features/audit/components/audit-filters';
import { AuditTable } from '../../features/audit/components/audit-table';
import {
  type AuditSearch,
  parseAuditSearch,
  toAuditFilters,
} from '../../features/audit/lib/audit-search';
import { meOptions } from '../../features/auth/api/get-me';

export const NO_AUDIT = 'Nothing recorded yet.';
export const NO_AUDIT_MATCHES = 'Nothing in the audit log matches these filters.';
export const ADMINS_ONLY = 'The audit log is for admins.';

export const clientLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    const me = await queryClient.ensureQueryData(meOptions());
    if (me?.role !== 'admin') return null;
    const search = parseAuditSearch(new URL(request.url).searchParams);
    void queryClient.prefetchInfiniteQuery(auditListOptions(toAuditFilters(search)));
    return null;
  };

const downloadLink = cn(
  'inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800',
  focusRing,
);

function AuditLog() {
  const [params, setParams] = useSearchParams();
  const search = parseAuditSearch(params);
  const filters = toAuditFilters(search);
  const list = useInfiniteQuery({
    ...auditListOptions(filters),
    placeholderData: keepPreviousData,
  });
  const entries = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some((value) => value !== undefined);
  const update = (next: AuditSearch) =>
    setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== '')), {
      replace: true,
    });

  return (
    <ContentLayout
      title="Audit"
      description="Every sign-in, answer and change to rules, sources, people and tokens: who, when, and from where. Nothing here can be edited or deleted."
      actions={
        <div className="flex flex-wrap gap-2">
          <a href={auditCsvHref(filters)} download className={downloadLink}>
            Export CSV
          </a>
          <a
            href={auditChainHref}
            download
            className={downloadLink}
            title="Every entry with its hash, for npm run audit:verify"
          >
            Export for verification
          </a>
        </div>
      }
    >
      <AuditFilters search={search} onChange={update} />
      {list.isPending ? (
        <p className="py-6 text-sm text-slate-600 dark:text-slate-400">Loading…</p>
      ) : list.isError && entries.length === 0 ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 text-sm text-red-800 dark:text-red-300"
        >
          <p>Could not load the audit log: {list.error.message}</p>
          <Button variant="secondary" size="sm" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </div>
      ) : entries.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {filtered ? NO_AUDIT_MATCHES : NO_AUDIT}
        </p>
      ) : (
        <>
          <AuditTable entries={entries} caption="Audit log" />
          <LoadMore list={list} />
        </>
      )}
    </ContentLayout>
  );
}

export function Component() {
  const { data: me } = useSuspenseQuery(meOptions());
  if (me?.role !== 'admin') {
    return (
      <ContentLayout title="Audit">
        <p className="text-sm text-slate-600 dark:text-slate-400">{ADMINS_ONLY}</p>
      </ContentLayout>
    );
  }
  return <AuditLog />;
}

export const ErrorBoundary = RouteErrorPage;
