/** Equality of JSON values: same type, same items in order, same own keys with equal values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) =>
        Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]),
    )
  );
}

/** One difference: a value changed (both sides), added (`after` only) or removed (`before` only). */
export type JsonChange = { pointer: string; before?: unknown; after?: unknown };

export const maxChanges = 100;

const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What changed from `before` to `after`, by JSON pointer, walking into objects and arrays both sides
 * share; at most `maxChanges`, so a rewritten input still makes a bounded record.
 */
export function diffJson(before: unknown, after: unknown): JsonChange[] {
  const changes: JsonChange[] = [];
  const walk = (a: unknown, b: unknown, pointer: string) => {
    if (changes.length >= maxChanges || jsonEqual(a, b)) return;
    if (isRecord(a) && isRecord(b)) {
      for (const key of Object.keys(a)) {
        const at = `${pointer}/${escape(key)}`;
        if (Object.hasOwn(b, key)) walk(a[key], b[key], at);
        else if (changes.length < maxChanges) changes.push({ pointer: at, before: a[key] });
      }
      for (const key of Object.keys(b)) {
        if (!Object.hasOwn(a, key) && changes.length < maxChanges) {
          changes.push({ pointer: `${pointer}/${escape(key)}`, after: b[key] });
        }
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
        const at = `${pointer}/${i}`;
        if (i >= b.length) changes.push({ pointer: at, before: a[i] });
        else if (i >= a.length) changes.push({ pointer: at, after: b[i] });
        else walk(a[i], b[i], at);
        if (changes.length >= maxChanges) return;
      }
      return;
    }
    changes.push({ pointer, before: a, after: b });
  };
  walk(before, after, '');
  return changes;
}
