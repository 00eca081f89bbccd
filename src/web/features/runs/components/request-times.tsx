import type { Request } from '../../../../shared/requests';
import { cn } from '../../../components/ui/cn';
import { formatAgo, formatDateTime, formatDuration } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { EscalationBadge } from '../../teams/components/escalation-badge';

const SOON_MS = 5 * 60_000;

/** When the request was asked, and for a pending one how long is left before it expires. */
export function RequestTimes({ request }: { request: Request }) {
  const now = useNow();
  const left = request.expiresAt ? Date.parse(request.expiresAt) - now : null;
  return (
    <p className="flex w-full flex-wrap gap-x-3 text-xs text-slate-600 sm:w-auto dark:text-slate-400">
      <span>
        Asked{' '}
        <time dateTime={request.createdAt} title={formatDateTime(request.createdAt)}>
          {formatAgo(request.createdAt, now)}
        </time>
      </span>
      <EscalationBadge request={request} />
      {request.status === 'pending' && request.expiresAt && left !== null && (
        <span className={cn(left < SOON_MS && 'font-medium text-amber-800 dark:text-amber-300')}>
          <time dateTime={request.expiresAt} title={formatDateTime(request.expiresAt)}>
            {left > 0 ? `Expires in ${formatDuration(left)}` : 'Expiring now'}
          </time>
        </span>
      )}
    </p>
  );
}
