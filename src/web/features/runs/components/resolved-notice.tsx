import type { Request } from '../../../../shared/requests';
import { formatDateTime } from '../../../lib/format-time';
import { ResponseSummary, describeAnswerer } from './response-summary';

const deliveryLabels = {
  pending: 'Not yet delivered to the agent',
  delivered: 'Delivered to the agent',
  failed: 'Delivery failed',
} as const;

/** What became of a request that is no longer pending: who answered what and when, or that it lapsed. */
export function ResolvedNotice({ request }: { request: Request }) {
  if (request.status === 'expired') {
    return <p className="text-sm text-slate-700 dark:text-slate-300">Expired without an answer.</p>;
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
          {describeAnswerer(request.answeredBy)}
        </span>
        {request.answeredAt && (
          <>
            {' '}
            on <time dateTime={request.answeredAt}>{formatDateTime(request.answeredAt)}</time>
          </>
        )}
      </p>
      <ResponseSummary request={request} response={request.response} />
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {deliveryLabels[request.delivery.status]}
        {request.delivery.status === 'failed' && request.delivery.lastError
          ? `: ${request.delivery.lastError}`
          : ''}
      </p>
    </div>
  );
}
