import { deliveryMemoryMs } from '../connectors/connector';
import type { DbOrTrx } from '../db/schema';

/** How many named deliveries one source may have remembered at once; more are refused until some age out. */
export const maxRememberedDeliveries = 100_000;
/** A delivery left `processing` longer than this belongs to a process that died: it may be taken again. */
const processingLeaseMs = 2 * 60 * 1000;

/**
 * What taking a named delivery found: `new` (this request processes it), `seen` (already stored once:
 * acknowledge and do nothing), `busy` (another request is processing it now: the platform should send it
 * again later), or `full` (the source remembers as many deliveries as it may).
 */
export type DeliveryClaim = 'new' | 'seen' | 'busy' | 'full';

/**
 * Takes a platform's named delivery for processing. The insert is the check: of two requests carrying one
 * id at once, only one inserts, so a delivery counts once however it is repeated.
 */
export async function claimWebhookDelivery(
  db: DbOrTrx,
  sourceId: string,
  delivery: { id: string; sentAt: Date },
  now: Date,
  limit = maxRememberedDeliveries,
): Promise<DeliveryClaim> {
  const at = now.toISOString();
  const known = db
    .selectFrom('webhook_deliveries')
    .where('source_id', '=', sourceId)
    .where('delivery_id', '=', delivery.id);
  const atLimit = await db
    .selectFrom('webhook_deliveries')
    .select('delivery_id')
    .where('source_id', '=', sourceId)
    .limit(1)
    .offset(limit - 1)
    .executeTakeFirst();
  if (!atLimit) {
    const inserted = await db
      .insertInto('webhook_deliveries')
      .values({
        source_id: sourceId,
        delivery_id: delivery.id,
        sent_at: delivery.sentAt.toISOString(),
        state: 'processing',
        claimed_at: at,
      })
      .onConflict((oc) => oc.columns(['source_id', 'delivery_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'new';
  }
  const abandoned = new Date(now.getTime() - processingLeaseMs).toISOString();
  const retaken = await db
    .updateTable('webhook_deliveries')
    .set({ claimed_at: at })
    .where('source_id', '=', sourceId)
    .where('delivery_id', '=', delivery.id)
    .where('state', '=', 'processing')
    .where('claimed_at', '<', abandoned)
    .executeTakeFirst();
  if (Number(retaken.numUpdatedRows) === 1) return 'new';
  const row = await known.select('state').executeTakeFirst();
  if (row) return row.state === 'done' ? 'seen' : 'busy';
  return 'full';
}

/**
 * Ends the processing of a claimed delivery: `stored` keeps it remembered as done; otherwise it is
 * forgotten, so the platform's next attempt at it is taken.
 */
export async function settleWebhookDelivery(
  db: DbOrTrx,
  sourceId: string,
  deliveryId: string,
  stored: boolean,
): Promise<void> {
  if (stored) {
    await db
      .updateTable('webhook_deliveries')
      .set({ state: 'done' })
      .where('source_id', '=', sourceId)
      .where('delivery_id', '=', deliveryId)
      .execute();
  } else {
    await db
      .deleteFrom('webhook_deliveries')
      .where('source_id', '=', sourceId)
      .where('delivery_id', '=', deliveryId)
      .where('state', '=', 'processing')
      .execute();
  }
}

/**
 * Forgets deliveries sent longer ago than they are remembered: connectors refuse those by their age, so
 * their ids are no longer needed to refuse a replay.
 */
export async function pruneWebhookDeliveries(db: DbOrTrx, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('sent_at', '<', new Date(now.getTime() - deliveryMemoryMs).toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
