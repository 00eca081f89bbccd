import type { Countersign } from '../../../../shared/requests';

const people = (n: number) => `${n} more ${n === 1 ? 'person' : 'people'}`;

/** Names joined for reading: `alice`, `alice and bob`, `alice, bob and carol`. */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

type CountersignProgressProps = { countersign: Countersign; me: string | null };

/** A call held for several approvers: how many it needs, who approved, and whether you did. */
export function CountersignProgress({ countersign, me }: CountersignProgressProps) {
  const { required, approvals } = countersign;
  const names = approvals.map((a) => a.by);
  const left = required - approvals.length;
  const mine = me !== null && names.includes(me);
  return (
    <div
      role="status"
      aria-label="Approvals"
      className="space-y-1 rounded-md border border-violet-200 bg-violet-50 p-3 text-sm text-violet-950 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-100"
    >
      <p className="font-medium">Needs {required} approvals from different people</p>
      <p>
        {approvals.length} of {required} approvals
        {names.length > 0 && `, approved by ${nameList(names)}`}
      </p>
      {approvals
        .filter((a) => a.note)
        .map((a) => (
          <p key={a.by} dir="auto" className="break-words whitespace-pre-wrap">
            <span className="font-medium">{a.by}:</span> {a.note}
          </p>
        ))}
      {mine && <p>You approved; it waits for {people(left)}. You can still deny it.</p>}
    </div>
  );
}
