import type { TimelineEvent } from '../../../../shared/runs';
import { formatDateTime } from '../../../lib/format-time';
import { Answerer } from './answerer';
import { changesIn, InputDiff } from './input-diff';

/** An answer that edited a tool's input shows what it changed, not only the raw data. */
function EventChanges({ data }: { data: unknown }) {
  const changes = changesIn(data);
  if (!changes) return null;
  return (
    <div className="mt-1">
      <InputDiff changes={changes} label="Changes to the input" />
    </div>
  );
}

/** Everything that happened on the run, oldest first. */
export function RunTimeline({ events }: { events: readonly TimelineEvent[] }) {
  if (events.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing has happened yet.</p>;
  }
  return (
    <ol className="space-y-4 border-l border-slate-200 pl-4 dark:border-slate-800">
      {events.map((event) => (
        <li key={event.id} className="relative">
          <span
            aria-hidden="true"
            className="absolute top-1.5 -left-[21px] size-2.5 rounded-full border-2 border-white bg-slate-400 dark:border-slate-950 dark:bg-slate-500"
          />
          <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600 dark:text-slate-400">
            <span className="font-medium text-slate-900 dark:text-slate-100">
              <Answerer answeredBy={event.actor} />
            </span>
            <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
            <code className="font-mono">{event.type}</code>
          </p>
          <p className="mt-0.5 text-sm whitespace-pre-wrap break-words text-slate-800 dark:text-slate-200">
            {event.message}
          </p>
          <EventChanges data={event.data} />
          {event.data !== null && event.data !== undefined && (
            <details className="mt-1 text-sm">
              <summary className="cursor-pointer rounded text-xs font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-300">
                Data
              </summary>
              <pre
                tabIndex={0}
                className="mt-1 max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800 ring-1 ring-slate-200 ring-inset dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-800"
              >
                {JSON.stringify(event.data, null, 2)}
              </pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
