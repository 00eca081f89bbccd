const maxRetryAfterMs = 60 * 60_000;

/** A response's Retry-After (seconds or an HTTP date) in ms, capped at an hour; undefined when absent. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, maxRetryAfterMs);
}
