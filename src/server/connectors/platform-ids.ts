/**
 * A platform's id as Countersign can use it: a non-blank string of at most 200 characters that can go in
 * a URL path (`encodeURIComponent` refuses lone surrogates). Anything else from a platform is not an id.
 */
export function usableId(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) return null;
  try {
    encodeURIComponent(value);
    return value;
  } catch {
    return null;
  }
}
