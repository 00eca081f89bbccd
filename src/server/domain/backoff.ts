export type BackoffOptions = { baseMs: number; maxMs: number };

export const defaultBackoff: BackoffOptions = { baseMs: 2_000, maxMs: 10 * 60_000 };

/** Exponential backoff with ±20% jitter: base, 2×base, 4×base … capped at max. `attempts` counts from 1. */
export function backoffDelayMs(
  attempts: number,
  options: BackoffOptions,
  random = Math.random,
): number {
  const exponential = options.baseMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(options.maxMs, exponential);
  return Math.round(capped * (0.8 + 0.4 * random()));
}
