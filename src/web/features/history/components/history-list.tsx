import { Link } from 'react-router';
import type { RunSummary } from '../../../../shared/runs';
import { StatusBadge } from '../../../components/run-badges';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { paths } from '../../../config/paths';
import { formatAgo, formatDateTime } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';

type HistoryListProps = { runs: RunSummary[]; sourceNames: ReadonlyMap<string, string> };

export function HistoryList({ runs, sourceNames }: HistoryListProps) {
  const now = useNow();
  return (
    <ul
      aria-label="Runs that asked"
      className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
    >
      {runs.map((run) => (
        <li
          key={run.id}
          className="relative flex flex-col gap-1 px-3 py-2.5 text-sm hover:bg-slate-50 sm:flex-row sm:items-center sm:gap-3 dark:hover:bg-slate-900"
        >
          <div className="flex min-w-0 flex-1 items-center gap-2">
            <StatusBadge status={run.status} />
            <Link
              to={paths.run.getHref(run.id)}
              className={cn(
                'min-w-0 truncate rounded font-medium text-slate-900 after:absolute after:inset-0 dark:text-slate-50',
                focusRing,
              )}
            >
              {run.title}
            </Link>
          </div>
          <div className="flex shrink-0 items-center gap-2 text-xs text-slate-600 sm:text-sm dark:text-slate-400">
            <span className="truncate">
              {sourceNames.get(run.sourceId) ?? run.sourceId}
              {run.customer && <> · {run.customer}</>}
            </span>
            <span aria-hidden="true">·</span>
            <time dateTime={run.updatedAt} title={formatDateTime(run.updatedAt)}>
              {formatAgo(run.updatedAt, now)}
            </time>
          </div>
        </li>
      ))}
    </ul>
  );
}
