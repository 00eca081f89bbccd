import type { PushDevice, PushSubscriptionInput } from '../../../shared/push';
import { isPostgres } from '../../db/database';
import type { Db, DbOrTrx, PushSubscriptionsTable } from '../../db/schema';
import { ApiError, invalid, notFound } from '../../lib/api-error';
import { newId } from '../../lib/ids';
import { deviceLabel } from './device-label';
import { pushEndpointProblem } from './push-endpoint';
import { decodeBase64Url } from '../../lib/vapid-format';

/** Devices per user; a browser that subscribes again replaces its own row, so this is rarely reached. */
export const maxPushSubscriptionsPerUser = 20;

/**
 * Saves the browser's subscription for the user. The endpoint is the browser's: subscribing it again
 * updates its keys (and moves it to whoever is signed in there now) instead of adding a second device.
 */
export async function savePushSubscription(
  db: Db,
  userId: string,
  input: PushSubscriptionInput,
  context: { userAgent: string | undefined; allowLoopback: boolean; at: string },
): Promise<PushDevice> {
  const problems: Record<string, string> = {};
  const endpointProblem = pushEndpointProblem(input.endpoint, context.allowLoopback);
  if (endpointProblem) problems.endpoint = endpointProblem;
  const p256dh = decodeBase64Url(input.keys.p256dh);
  if (!p256dh || p256dh.length !== 65 || p256dh[0] !== 4) {
    problems['keys.p256dh'] = 'Must be an uncompressed P-256 public key';
  }
  if (decodeBase64Url(input.keys.auth)?.length !== 16) problems['keys.auth'] = 'Must be 16 bytes';
  if (Object.keys(problems).length > 0) throw invalid(problems);

  const label = deviceLabel(context.userAgent);
  const values = {
    user_id: userId,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    label,
    updated_at: context.at,
  };
  return db.transaction().execute(async (trx) => {
    // One user's subscriptions take turns on their row, so forty at once cannot all count 19 before
    // any commits. SQLite runs one write transaction at a time already.
    if (isPostgres(trx)) {
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    }
    await trx
      .insertInto('push_subscriptions')
      .values({ id: newId('psb'), endpoint: input.endpoint, created_at: context.at, ...values })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet(values))
      .execute();
    // Counted after the write, inside its transaction: a write that goes over is rolled back.
    const { count } = await trx
      .selectFrom('push_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (Number(count) > maxPushSubscriptionsPerUser) {
      throw new ApiError(
        409,
        'conflict',
        `You have ${maxPushSubscriptionsPerUser} devices already: remove one first`,
      );
    }
    const row = await trx
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('endpoint', '=', input.endpoint)
      .executeTakeFirstOrThrow();
    return toDevice(row);
  });
}

export async function listPushDevices(db: DbOrTrx, userId: string): Promise<PushDevice[]> {
  const rows = await db
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toDevice);
}

/** Removes one of the user's own devices; someone else's is "not found", as if it did not exist. */
export async function deletePushSubscription(db: DbOrTrx, userId: string, id: string) {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('Device');
}

export function pushSubscriptionsOf(db: DbOrTrx, userId: string) {
  return db.selectFrom('push_subscriptions').selectAll().where('user_id', '=', userId).execute();
}

function toDevice(row: PushSubscriptionsTable): PushDevice {
  return { id: row.id, label: row.label, createdAt: row.created_at };
}
