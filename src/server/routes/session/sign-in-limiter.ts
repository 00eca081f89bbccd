const windowMs = 15 * 60 * 1000;
const maxFailuresPerUser = 10;
const maxFailuresPerAddress = 30;
const maxTracked = 10_000;

type Window = { count: number; since: number };

export type SignInBlock = { scope: 'user' | 'address'; retryAfterSeconds: number };

/**
 * Counts failed sign-ins in memory, per username and per client address, in fixed windows. Once
 * either count reaches its limit, tries for that username or from that address are refused until
 * the window ends, even with the right password.
 */
export function createSignInLimiter(
  limits = { perUser: maxFailuresPerUser, perAddress: maxFailuresPerAddress, windowMs },
) {
  const byUser = new Map<string, Window>();
  const byAddress = new Map<string, Window>();

  const live = (map: Map<string, Window>, key: string, now: number) => {
    const entry = map.get(key);
    if (entry && now - entry.since < limits.windowMs) return entry;
    if (entry) map.delete(key);
    return undefined;
  };
  const retryAfter = (entry: Window, now: number) =>
    Math.max(1, Math.ceil((entry.since + limits.windowMs - now) / 1000));
  const count = (map: Map<string, Window>, key: string, now: number) => {
    const entry = live(map, key, now);
    if (entry) {
      entry.count += 1;
      return;
    }
    // A flood of distinct names or addresses must not grow memory without bound.
    if (map.size >= maxTracked) map.clear();
    map.set(key, { count: 1, since: now });
  };

  return {
    check(username: string, address: string | null, now: number): SignInBlock | null {
      const user = live(byUser, username, now);
      if (user && user.count >= limits.perUser) {
        return { scope: 'user', retryAfterSeconds: retryAfter(user, now) };
      }
      const from = address === null ? undefined : live(byAddress, address, now);
      if (from && from.count >= limits.perAddress) {
        return { scope: 'address', retryAfterSeconds: retryAfter(from, now) };
      }
      return null;
    },
    fail(username: string, address: string | null, now: number): void {
      count(byUser, username, now);
      if (address !== null) count(byAddress, address, now);
    },
    succeed(username: string): void {
      byUser.delete(username);
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
