import { Link } from 'react-router';
import type { RunSummary } from '../../../../shared/runs';
import { KindBadge } from '../../../components/run-badges';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { paths } from '../../../config/paths';
import { formatDateTime, formatDuration } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { EscalatedToBadge } from '../../teams/components/escalation-badge';

const URGENT_MS = 5 * 60_000;

function Expiry({ at, now }: { at: string; now: number }) {
  const left = Date.parse(at) - now;
  return (
    <time
      dateTime={at}
      title={`Expires ${formatDateTime(at)}`}
      className={cn(
        'shrink-0 whitespace-nowrap',
        left < URGENT_MS
          ? 'font-medium text-red-700 dark:text-red-400'
          : 'text-slate-600 dark:text-slate-400',
      )}
    >
      {left > 0 ? `expires in ${formatDuration(left)}` : 'expired'}
    </time>
  );
}

type InboxRowProps = {
  run: RunSummary;
  sourceName: string;
  /** The row the keyboard is on (`j`/`k`). */
  selected: boolean;
  index: number;
  style: React.CSSProperties;
  /** Picked for a bulk decision; undefined when the row cannot be picked. */
  checked?: boolean;
  onCheck?: (range: boolean) => void;
};

export function InboxRow({
  run,
  sourceName,
  selected,
  index,
  style,
  checked,
  onCheck,
}: InboxRowProps) {
  const now = useNow();
  const since = run.waitingSince ?? run.updatedAt;
  const kinds = [...new Set(run.pendingKinds)];
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      style={style}
      className={cn(
        'absolute inset-x-0 top-0 border-b border-slate-200 dark:border-slate-800',
        selected
          ? 'bg-indigo-50 shadow-[inset_3px_0_0_var(--color-indigo-600)] dark:bg-indigo-950/60 dark:shadow-[inset_3px_0_0_var(--color-indigo-400)]'
          : 'hover:bg-slate-50 dark:hover:bg-slate-900',
      )}
    >
      <div
        role="gridcell"
        className={cn(
          'relative flex h-full flex-col justify-center gap-1 px-3 text-sm',
          checked !== undefined && 'pl-10',
        )}
      >
        {checked !== undefined && (
          <input
            type="checkbox"
            aria-label={`Select ${run.title}`}
            checked={checked}
            onChange={() => undefined}
            onClick={(event) => onCheck?.(event.shiftKey)}
            className="absolute top-1/2 left-3 z-10 size-4 -translate-y-1/2 accent-indigo-600"
          />
        )}
        <div className="flex min-w-0 items-baseline gap-3">
          <Link
            dir="auto"
            to={paths.run.getHref(run.id)}
            className={cn(
              'min-w-0 flex-1 truncate rounded font-medium text-slate-900 after:absolute after:inset-0 dark:text-slate-50',
              focusRing,
            )}
          >
            {run.title}
          </Link>
          <time
            dateTime={since}
            title={`Waiting since ${formatDateTime(since)}`}
            className="shrink-0 text-slate-700 tabular-nums dark:text-slate-300"
          >
            <span className="sr-only">waiting </span>
            {formatDuration(now - Date.parse(since))}
          </time>
        </div>
        <div className="flex min-w-0 items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
          <span className="flex shrink-0 gap-1">
            {kinds.map((kind) => (
              <KindBadge key={kind} kind={kind} />
            ))}
          </span>
          {run.escalatedToGroupId && <EscalatedToBadge groupId={run.escalatedToGroupId} />}
          {run.pendingCount > 1 && (
            <span className="shrink-0 font-medium whitespace-nowrap text-slate-800 dark:text-slate-200">
              {kinds.length === 1 && kinds[0] === 'tool'
                ? `${run.pendingCount} tool calls`
                : `${run.pendingCount} pending`}
            </span>
          )}
          <span className="min-w-0 truncate">
            {sourceName}
            {run.customer && <> · {run.customer}</>}
          </span>
          {run.nextExpiresAt && (
            <span className="ml-auto">
              <Expiry at={run.nextExpiresAt} now={now} />
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
