import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '../../../components/ui/button';
import { auditListOptions } from '../api/get-audit';
import { AuditTable } from './audit-table';

/** The audit entries of one run (answers, stops, auto-approvals), for admins on the run page. */
export function RunAudit({ runId }: { runId: string }) {
  const audit = useInfiniteQuery(auditListOptions({ runId }));
  if (audit.isPending) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Loading the audit log…</p>;
  }
  if (audit.isError) {
    return (
      <div
        role="alert"
        className="flex flex-wrap items-center gap-3 text-sm text-red-800 dark:text-red-300"
      >
        <p>Could not load the audit log: {audit.error.message}</p>
        <Button variant="secondary" size="sm" onClick={() => void audit.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const entries = audit.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Nobody has answered or stopped this run yet.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <AuditTable entries={entries} hideRunLinks caption="Audit log of this run" />
      {audit.hasNextPage && (
        <Button
          variant="secondary"
          size="sm"
          isLoading={audit.isFetchingNextPage}
          onClick={() => void audit.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </div>
  );
}
