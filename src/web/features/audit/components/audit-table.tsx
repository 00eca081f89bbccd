import { Link } from 'react-router';
import type { AuditEntry } from '../../../../shared/audit';
import { Badge } from '../../../components/ui/badge';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { paths } from '../../../config/paths';
import { formatDateTime } from '../../../lib/format-time';
import { actionLabels, actionTone } from '../lib/audit-labels';

type AuditTableProps = {
  entries: AuditEntry[];
  /** Leave out the link to the run (on the run's own page). */
  hideRunLinks?: boolean;
  caption: string;
};

const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2.5 align-top';

/** Entries newest first: when, who, what, and the address and browser it came from. */
export function AuditTable({ entries, hideRunLinks = false, caption }: AuditTableProps) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            <th scope="col" className={th}>
              When
            </th>
            <th scope="col" className={th}>
              Who
            </th>
            <th scope="col" className={th}>
              What
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              From
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td
                className={`${td} w-28 text-xs text-slate-600 sm:w-auto sm:text-sm sm:whitespace-nowrap dark:text-slate-400`}
              >
                <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
              </td>
              <td
                className={`${td} max-w-40 font-medium break-words text-slate-900 dark:text-slate-100`}
              >
                {entry.actor}
              </td>
              <td className={td}>
                <div className="flex flex-col items-start gap-1">
                  <Badge tone={actionTone(entry.action)}>{actionLabels[entry.action]}</Badge>
                  <span className="break-words text-slate-800 dark:text-slate-200">
                    {entry.summary}
                  </span>
                  {entry.runId && !hideRunLinks && (
                    <Link
                      to={paths.run.getHref(entry.runId)}
                      className={cn(
                        'rounded text-xs font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300',
                        focusRing,
                      )}
                    >
                      Open the run<span className="sr-only"> {entry.runId}</span>
                    </Link>
                  )}
                </div>
              </td>
              <td
                className={`${td} hidden max-w-56 text-xs text-slate-600 md:table-cell dark:text-slate-400`}
              >
                <span className="block font-mono">{entry.ip ?? '—'}</span>
                {entry.userAgent && (
                  <span className="block truncate" title={entry.userAgent}>
                    {entry.userAgent}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
