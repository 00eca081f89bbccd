import { sql } from 'kysely';
import { isTransientConflict } from '../db/errors';
import type { Db, DbOrTrx } from '../db/schema';

const windowMs = 15 * 60 * 1000;
const maxTriesPerUser = 10;
const maxTriesPerAddress = 30;

export type SignInBlock = { scope: 'user' | 'address'; retryAfterSeconds: number };
type Scope = SignInBlock['scope'];

class Blocked extends Error {
  constructor(readonly block: SignInBlock) {
    super('blocked');
  }
}

/**
 * Counts password checks per username and per client address, in fixed windows, in the database (so
 * every process sharing it counts the same tries). A try is counted before its password is hashed, in
 * one statement that also says whether it fits, so tries arriving together cannot all pass a count
 * read before any of them was recorded. Once either count reaches its limit, tries for that username
 * or from that address are refused until the window ends, even with the right password. The right
 * password clears the username's count and gives the address its try back.
 */
export function createSignInLimiter(
  limits = { perUser: maxTriesPerUser, perAddress: maxTriesPerAddress, windowMs },
) {
  const retryAfter = (sinceMs: number, now: number) =>
    Math.max(1, Math.ceil((sinceMs + limits.windowMs - now) / 1000));

  /** Takes one try from the window of `key`, or says when the window ends if none is left. */
  async function take(trx: DbOrTrx, scope: Scope, key: string, now: number) {
    const expired = now - limits.windowMs;
    const limit = scope === 'user' ? limits.perUser : limits.perAddress;
    const taken = await trx
      .insertInto('sign_in_failures')
      .values({ scope, key, since_ms: now, count: 1 })
      .onConflict((oc) =>
        oc
          .columns(['scope', 'key'])
          .doUpdateSet({
            count: sql<number>`case when sign_in_failures.since_ms <= ${expired} then 1 else sign_in_failures.count + 1 end`,
            since_ms: sql<number>`case when sign_in_failures.since_ms <= ${expired} then ${now} else sign_in_failures.since_ms end`,
          })
          .where((eb) =>
            eb.or([
              eb('sign_in_failures.since_ms', '<=', expired),
              eb('sign_in_failures.count', '<', limit),
            ]),
          ),
      )
      .returning('count')
      .executeTakeFirst();
    if (taken) return;
    const row = await trx
      .selectFrom('sign_in_failures')
      .select('since_ms')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    throw new Blocked({ scope, retryAfterSeconds: retryAfter(Number(row.since_ms), now) });
  }

  return {
    /**
     * Counts a try for the username and the address before the password is checked; returns the
     * block instead (and counts nothing) when either has no tries left.
     */
    async reserve(
      db: Db,
      username: string,
      address: string | null,
      now: number,
    ): Promise<SignInBlock | null> {
      // Windows that ended are of no use; dropping them keeps a flood of names from piling up. Any
      // later try drops them as well, so losing a lock conflict here costs nothing.
      await db
        .deleteFrom('sign_in_failures')
        .where('since_ms', '<=', now - limits.windowMs)
        .execute()
        .catch((error: unknown) => {
          if (!isTransientConflict(error)) throw error;
        });
      for (let attempt = 1; ; attempt += 1) {
        try {
          // One transaction, so a try refused for its address gives the username its try back; every
          // caller locks the username's row before the address's, so two never wait on each other.
          await db.transaction().execute(async (trx) => {
            await take(trx, 'user', username, now);
            if (address !== null) await take(trx, 'address', address, now);
          });
          return null;
        } catch (error) {
          if (error instanceof Blocked) return error.block;
          // A clean-up elsewhere may lock ended windows in another order (PostgreSQL then aborts one).
          if (attempt >= 3 || !isTransientConflict(error)) throw error;
        }
      }
    },
    /** The password was right: the username starts afresh, and the address's try is given back. */
    async succeed(db: Db, username: string, address: string | null) {
      await db
        .deleteFrom('sign_in_failures')
        .where('scope', '=', 'user')
        .where('key', '=', username)
        .execute();
      if (address === null) return;
      await db
        .updateTable('sign_in_failures')
        .set({ count: sql<number>`count - 1` })
        .where('scope', '=', 'address')
        .where('key', '=', address)
        .where('count', '>', 0)
        .execute();
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
