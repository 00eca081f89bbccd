import type { SourceHealth as Health } from '../../../../shared/sources';
import { Badge } from '../../../components/ui/badge';
import { formatDateTime } from '../../../lib/format-time';

const badges = {
  ok: { tone: 'green', label: 'Connected' },
  error: { tone: 'red', label: 'Error' },
  unknown: { tone: 'neutral', label: 'Not checked yet' },
} as const;

/** How the last contact with the platform went, and its error if it failed. */
export function SourceHealth({ health }: { health: Health }) {
  const badge = badges[health.status];
  return (
    <div className="space-y-1 text-xs text-slate-600 dark:text-slate-400">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={badge.tone}>{badge.label}</Badge>
        {health.lastOkAt && (
          <span>
            Last OK <time dateTime={health.lastOkAt}>{formatDateTime(health.lastOkAt)}</time>
          </span>
        )}
        {health.lastPolledAt && (
          <span>
            · Polled{' '}
            <time dateTime={health.lastPolledAt}>{formatDateTime(health.lastPolledAt)}</time>
          </span>
        )}
      </div>
      {health.status === 'error' && health.lastError && (
        <p className="break-words whitespace-pre-line text-red-700 dark:text-red-400">
          Last error: {health.lastError}
        </p>
      )}
    </div>
  );
}
