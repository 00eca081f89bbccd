import type { InboxQueue } from '../lib/inbox-search';

const queues: { value: InboxQueue | undefined; label: string }[] = [
  { value: 'mine', label: 'Mine' },
  { value: 'groups', label: 'My groups' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: undefined, label: 'All' },
];

/** Which requests the inbox lists: claimed by me, sent to my groups, claimed by nobody, or all. */
export function InboxQueues({
  queue,
  onChange,
}: {
  queue: InboxQueue | undefined;
  onChange: (queue: InboxQueue | undefined) => void;
}) {
  return (
    <div role="group" aria-label="Queue" className="mb-3 flex flex-wrap gap-1">
      {queues.map((q) => {
        const active = q.value === queue;
        return (
          <button
            key={q.label}
            type="button"
            aria-pressed={active}
            onClick={() => onChange(q.value)}
            className={
              active
                ? 'rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white'
                : 'rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
            }
          >
            {q.label}
          </button>
        );
      })}
    </div>
  );
}
