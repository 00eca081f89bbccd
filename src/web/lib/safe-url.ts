/** `url` normalised if it is an absolute http(s) URL, otherwise null: agent-supplied links never become `javascript:` or relative. */
export function toSafeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Whether a page at `url` may be framed with `allow-scripts allow-same-origin`: only when it lives on another
 * origin, since a same-origin page with both flags could lift its own sandbox.
 */
export function canFrame(url: string): boolean {
  return new URL(url).origin !== window.location.origin;
}
