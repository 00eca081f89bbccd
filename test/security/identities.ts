import type { Db } from '../../src/server/db/schema';
import type { SecurityApp } from './security-app';

/** How an admin switches a user off; their existing sessions must stop working with it. */
export function disableUserCall(userId: string) {
  return { method: 'PATCH', path: `/users/${userId}`, body: { disabled: true } } as const;
}

export async function disableUser(s: SecurityApp, userId: string): Promise<void> {
  const call = disableUserCall(userId);
  await s.expectStatus(200, call.method, call.path, { headers: s.asAdmin, body: call.body });
}

/** Moves every session of the user past its expiry, as if the clock had run on. */
export async function expireSessionsOf(db: Db, userId: string): Promise<void> {
  const past = new Date(Date.now() - 60_000).toISOString();
  const result = await db
    .updateTable('sessions')
    .set({ expires_at: past })
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new Error(`no session of ${userId} to expire`);
}
