import type { JsonChange } from '../../../../shared/json-diff';

const shown = (value: unknown) => JSON.stringify(value) ?? 'null';

const del =
  'rounded bg-red-50 px-1 font-mono text-red-800 line-through dark:bg-red-950 dark:text-red-200';
const ins =
  'rounded bg-emerald-50 px-1 font-mono text-emerald-800 no-underline dark:bg-emerald-950 dark:text-emerald-200';

/** Each change to a tool input: `/amount 240 → 120`, an argument added, or one removed. */
export function InputDiff({ changes, label }: { changes: readonly JsonChange[]; label: string }) {
  return (
    <ul aria-label={label} className="space-y-1 text-sm">
      {changes.map((change) => (
        <li key={change.pointer} className="break-words">
          <code className="font-mono text-xs font-semibold text-slate-900 dark:text-slate-100">
            {change.pointer || '(whole input)'}
          </code>{' '}
          {!Object.hasOwn(change, 'after') ? (
            <>
              removed <del className={del}>{shown(change.before)}</del>
            </>
          ) : !Object.hasOwn(change, 'before') ? (
            <>
              added <ins className={ins}>{shown(change.after)}</ins>
            </>
          ) : (
            <>
              <del className={del}>{shown(change.before)}</del> →{' '}
              <ins className={ins}>{shown(change.after)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Reads `inputChanges` from a timeline event's data, as the server records them. */
export function changesIn(data: unknown): JsonChange[] | null {
  if (data === null || typeof data !== 'object' || !Object.hasOwn(data, 'inputChanges'))
    return null;
  const changes = (data as { inputChanges: unknown }).inputChanges;
  if (!Array.isArray(changes)) return null;
  const valid = changes.every(
    (c) => c !== null && typeof c === 'object' && typeof (c as JsonChange).pointer === 'string',
  );
  return valid && changes.length ? (changes as JsonChange[]) : null;
}
