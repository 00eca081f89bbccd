import type { Request } from '../../../../shared/requests';
import { KindBadge } from '../../../components/run-badges';
import { requestSubject } from './request-subject';
import { ResolvedNotice } from './resolved-notice';

const statusLabels: Record<Request['status'], string> = {
  pending: 'Pending',
  answered: 'Answered',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

type EarlierRequestsProps = { requests: readonly Request[]; canRetry?: boolean };

/** Requests that are no longer pending, compactly: what was asked, who answered what and when. */
export function EarlierRequests({ requests, canRetry = false }: EarlierRequestsProps) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
      {requests.map((request) => (
        <li key={request.id} className="space-y-2 px-4 py-3">
          <div className="flex flex-wrap items-center gap-2">
            <KindBadge kind={request.kind} />
            <span className="min-w-0 flex-1 text-sm font-medium break-words text-slate-900 dark:text-slate-100">
              {requestSubject(request)}
            </span>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {statusLabels[request.status]}
            </span>
          </div>
          <ResolvedNotice request={request} canRetry={canRetry} />
        </li>
      ))}
    </ul>
  );
}
