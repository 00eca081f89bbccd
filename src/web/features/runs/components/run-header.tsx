import { useId, useState } from 'react';
import { Link } from 'react-router';
import { finishedRunStatuses, type Run } from '../../../../shared/runs';
import { StatusBadge } from '../../../components/run-badges';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { formatDateTime } from '../../../lib/format-time';
import { toSafeHttpUrl } from '../../../lib/safe-url';
import { RunViewers } from './run-viewers';
import { StopRunButton } from './stop-run-button';

const link = cn(
  'rounded text-sm font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300',
  focusRing,
);

type RunHeaderProps = {
  run: Run;
  /** The inbox with the filters the reviewer last used. */
  inboxHref: string;
  sourceName: string;
  /** Reviewers and admins may stop a run that has not finished. */
  canStop: boolean;
};

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="text-sm break-words text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}

export function RunHeader({ run, inboxHref, sourceName, canStop }: RunHeaderProps) {
  const unfinished = !finishedRunStatuses.includes(run.status);
  // A finished run's remote browser has gone with it: a link would open an empty page.
  const liveUrl = unfinished ? toSafeHttpUrl(run.liveUrl) : null;
  return (
    <header className="space-y-4">
      <Link to={inboxHref} className={link}>
        ← Inbox
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <h1
            dir="auto"
            className="text-xl font-semibold tracking-tight [overflow-wrap:anywhere] text-slate-900 dark:text-slate-50"
          >
            {run.title}
          </h1>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusBadge status={run.status} />
            <RunViewers runId={run.id} />
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {liveUrl && (
            <a href={liveUrl} target="_blank" rel="noopener noreferrer" className={link}>
              Open live view in new tab
            </a>
          )}
          {canStop && unfinished && <StopRunButton runId={run.id} />}
        </div>
      </div>
      <RunFacts run={run} sourceName={sourceName} />
    </header>
  );
}

/**
 * Source, customer and times. On a phone they fold behind "Run details", so the card waiting for an
 * answer starts on the first screen instead of below them.
 */
function RunFacts({ run, sourceName }: { run: Run; sourceName: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="space-y-2">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className={cn(
          'rounded text-sm font-medium text-slate-700 sm:hidden dark:text-slate-300',
          focusRing,
        )}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Run details
      </button>
      <dl
        id={id}
        className={cn(
          'grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-slate-200 px-4 py-3 sm:grid sm:grid-cols-3 dark:border-slate-800',
          open ? 'grid' : 'hidden',
        )}
      >
        <Fact term="Source">{sourceName}</Fact>
        <Fact term="Customer">{run.customer ?? '—'}</Fact>
        <Fact term="External ID">
          <span className="block truncate" title={run.externalId ?? undefined}>
            {run.externalId ?? '—'}
          </span>
        </Fact>
        <Fact term="Created">
          <time dateTime={run.createdAt}>{formatDateTime(run.createdAt)}</time>
        </Fact>
        <Fact term="Updated">
          <time dateTime={run.updatedAt}>{formatDateTime(run.updatedAt)}</time>
        </Fact>
      </dl>
    </div>
  );
}
