const windowMs = 5 * 60 * 1000;
const maxFailures = 10;
const maxTracked = 10_000;

/** Counts failed sign-ins per username in memory; after too many in the window, further tries get a 429. */
export function createSignInLimiter() {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    allowed(key: string, now: number): boolean {
      const entry = failures.get(key);
      if (!entry || now - entry.since > windowMs) return true;
      return entry.count < maxFailures;
    },
    fail(key: string, now: number): void {
      const entry = failures.get(key);
      if (!entry || now - entry.since > windowMs) {
        if (failures.size >= maxTracked) failures.clear();
        failures.set(key, { count: 1, since: now });
      } else {
        entry.count += 1;
      }
    },
    reset(key: string): void {
      failures.delete(key);
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
