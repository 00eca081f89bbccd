import * as z from 'zod/mini';

/**
 * Agents and platforms choose the names that become keys here (message fields, metadata, tool input),
 * so a name such as `__proto__`, `constructor` or `toString` must stay an ordinary key. These names are
 * carried rather than refused: `z.record` silently drops `__proto__` and `obj[name] = value` would set a
 * prototype, so keys are defined as own properties and looked up with `Object.hasOwn` only.
 */

/** `table[key]` when the table itself holds `key`, never something inherited from `Object.prototype`. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Builds a plain object whose keys are exactly these names, `__proto__` included. */
export function ownRecordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries(entries) as Record<string, T>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Worded as zod words its own record errors.
function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * `z.record(z.string(), value)` that keeps every own key, `__proto__` included (JSON.parse creates it as
 * an own property; zod's record would skip it). Values are checked one by one, problems named by key.
 */
export function ownRecord<V extends z.ZodMiniType>(value: V) {
  return z.pipe(
    z.custom<Record<string, unknown>>(isPlainObject, {
      error: (issue) => `Invalid input: expected record, received ${typeName(issue.input)}`,
    }),
    z.transform((input, ctx) => {
      const entries: [string, z.output<V>][] = [];
      for (const key of Object.keys(input)) {
        const result = z.safeParse(value, input[key]);
        if (result.success) entries.push([key, result.data as z.output<V>]);
        else {
          for (const issue of result.error.issues) {
            ctx.issues.push({ ...issue, input: input[key], path: [key, ...issue.path] } as never);
          }
        }
      }
      return ownRecordOf(entries);
    }),
  );
}
