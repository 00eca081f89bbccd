import { useRunPresence } from '../hooks/use-run-presence';

/** "bob is viewing", "bob and carol are viewing", "bob, carol and 2 others are viewing". */
export function viewingText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is viewing`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are viewing`;
  const rest = names.length - 2;
  return `${names[0]}, ${names[1]} and ${rest} ${rest === 1 ? 'other' : 'others'} are viewing`;
}

/** Who else has this run open right now, kept live by the page's heartbeat and the stream. */
export function RunViewers({ runId }: { runId: string }) {
  const viewers = useRunPresence(runId);
  const text = viewingText(viewers.map((viewer) => viewer.username));
  return (
    <span
      aria-live="polite"
      className="text-sm text-slate-600 dark:text-slate-400"
      title={viewers.map((viewer) => viewer.username).join(', ') || undefined}
    >
      {text && (
        <>
          <span
            aria-hidden="true"
            className="mr-1.5 inline-block size-2 rounded-full bg-emerald-500 align-middle"
          />
          {text}
        </>
      )}
    </span>
  );
}
