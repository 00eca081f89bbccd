/**
 * One text of a table the connector stored in `externalData` (question ids or texts keyed by question):
 * read as an own key only, so `__proto__` or `toString` as a key finds nothing inherited.
 */
export function storedText(table: unknown, key: string): string | undefined {
  if (!table || typeof table !== 'object' || !Object.hasOwn(table, key)) return undefined;
  const value: unknown = Reflect.get(table, key);
  return typeof value === 'string' ? value : undefined;
}
