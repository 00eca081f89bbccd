/** Platform text shortened to `max` characters for a title or instructions, marked with `…` when cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A platform's value as text of at most `max` characters: a non-empty string, or nothing. */
export function clipText(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;
}

/** A link from a platform, kept only when it is http(s): never `javascript:` or `data:` in a page. */
export function httpUrlOrNull(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;
}
