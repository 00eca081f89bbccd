import { sql } from 'kysely';
import type { DbOrTrx } from '../db/schema';

const windowMs = 15 * 60 * 1000;
const maxFailuresPerUser = 10;
const maxFailuresPerAddress = 30;

export type SignInBlock = { scope: 'user' | 'address'; retryAfterSeconds: number };

/**
 * Counts failed sign-ins per username and per client address, in fixed windows, in the database (so
 * every process sharing it counts the same tries). Once either count reaches its limit, tries for that
 * username or from that address are refused until the window ends, even with the right password.
 */
export function createSignInLimiter(
  limits = { perUser: maxFailuresPerUser, perAddress: maxFailuresPerAddress, windowMs },
) {
  const retryAfter = (sinceMs: number, now: number) =>
    Math.max(1, Math.ceil((sinceMs + limits.windowMs - now) / 1000));

  async function count(db: DbOrTrx, scope: 'user' | 'address', key: string, now: number) {
    const expired = now - limits.windowMs;
    await db
      .insertInto('sign_in_failures')
      .values({ scope, key, since_ms: now, count: 1 })
      .onConflict((oc) =>
        oc.columns(['scope', 'key']).doUpdateSet({
          count: sql<number>`case when sign_in_failures.since_ms <= ${expired} then 1 else sign_in_failures.count + 1 end`,
          since_ms: sql<number>`case when sign_in_failures.since_ms <= ${expired} then ${now} else sign_in_failures.since_ms end`,
        }),
      )
      .execute();
  }

  return {
    async check(
      db: DbOrTrx,
      username: string,
      address: string | null,
      now: number,
    ): Promise<SignInBlock | null> {
      const rows = await db
        .selectFrom('sign_in_failures')
        .select(['scope', 'since_ms', 'count'])
        .where((eb) =>
          eb.or([
            eb.and([eb('scope', '=', 'user'), eb('key', '=', username)]),
            eb.and([eb('scope', '=', 'address'), eb('key', '=', address ?? '')]),
          ]),
        )
        .where('since_ms', '>', now - limits.windowMs)
        .execute();
      const user = rows.find((r) => r.scope === 'user');
      if (user && user.count >= limits.perUser) {
        return { scope: 'user', retryAfterSeconds: retryAfter(Number(user.since_ms), now) };
      }
      const from = address === null ? undefined : rows.find((r) => r.scope === 'address');
      if (from && from.count >= limits.perAddress) {
        return { scope: 'address', retryAfterSeconds: retryAfter(Number(from.since_ms), now) };
      }
      return null;
    },
    async fail(db: DbOrTrx, username: string, address: string | null, now: number) {
      // Windows that ended are of no use; dropping them keeps a flood of names from piling up.
      await db
        .deleteFrom('sign_in_failures')
        .where('since_ms', '<=', now - limits.windowMs)
        .execute();
      await count(db, 'user', username, now);
      if (address !== null) await count(db, 'address', address, now);
    },
    async succeed(db: DbOrTrx, username: string) {
      await db
        .deleteFrom('sign_in_failures')
        .where('scope', '=', 'user')
        .where('key', '=', username)
        .execute();
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
