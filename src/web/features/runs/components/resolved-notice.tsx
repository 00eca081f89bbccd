import type { Request } from '../../../../shared/requests';
import { formatDateTime } from '../../../lib/format-time';
import { DeliveryStatus } from './delivery-status';
import { Answerer } from './answerer';
import { ResponseSummary } from './response-summary';

type ResolvedNoticeProps = {
  request: Request;
  /** Whether the viewer may press Retry now on a failed delivery (reviewers and admins). */
  canRetry?: boolean;
};

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** What became of a request that is no longer pending: who answered what and when, or that it lapsed. */
export function ResolvedNotice({ request, canRetry = false }: ResolvedNoticeProps) {
  if (request.status === 'expired') {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {request.statusReason
          ? `Expired without an answer: ${lowerFirst(request.statusReason)}.`
          : 'Expired without an answer.'}
      </p>
    );
  }
  if (request.status === 'cancelled') {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Cancelled before anyone answered.
      </p>
    );
  }
  if (request.status !== 'answered') return null;
  return (
    <div className="space-y-1.5 text-sm text-slate-800 dark:text-slate-200">
      <p className="text-slate-700 dark:text-slate-300">
        Answered by{' '}
        <span className="font-medium text-slate-900 dark:text-slate-100">
          <Answerer answeredBy={request.answeredBy} />
        </span>
        {request.answeredAt && (
          <>
            {' '}
            on <time dateTime={request.answeredAt}>{formatDateTime(request.answeredAt)}</time>
          </>
        )}
      </p>
      {request.statusReason && (
        <p className="text-slate-700 dark:text-slate-300">
          Denied on expiry: {lowerFirst(request.statusReason)}.
        </p>
      )}
      <ResponseSummary request={request} response={request.response} />
      <DeliveryStatus request={request} canRetry={canRetry} />
    </div>
  );
}
