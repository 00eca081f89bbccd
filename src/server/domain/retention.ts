import type { ExpressionBuilder } from 'kysely';
import { finishedRunStatuses } from '../../shared/runs';
import type { Database, DbOrTrx } from '../db/schema';
import type { DomainContext } from './context';

/**
 * A run retention may remove: finished (completed, failed or stopped), nothing pending, untouched since
 * the cutoff, and no delivery still being tried. A waiting or running run never matches, however old.
 */
function removable(cutoff: string) {
  return (eb: ExpressionBuilder<Database, 'runs'>) =>
    eb.and([
      eb('runs.status', 'in', finishedRunStatuses),
      eb('runs.pending_count', '=', 0),
      eb('runs.updated_at', '<', cutoff),
      eb.not(
        eb.exists(
          eb
            .selectFrom('deliveries')
            .select('deliveries.id')
            .whereRef('deliveries.run_id', '=', 'runs.id')
            .where('deliveries.status', '=', 'pending'),
        ),
      ),
    ]);
}

/**
 * Deletes those of `runIds` that are still removable, with their requests, timeline and deliveries
 * (foreign keys cascade) and their requests' idempotency keys. The audit log keeps its entries: it
 * names runs by id and has no key to them. The condition is checked again in the delete itself, so a
 * run that an agent revived since it was chosen is left alone.
 */
export async function deleteRemovableRuns(
  db: DbOrTrx,
  runIds: readonly string[],
  cutoff: string,
): Promise<number> {
  if (runIds.length === 0) return 0;
  const chosen = (eb: ExpressionBuilder<Database, 'runs'>) =>
    eb.and([eb('runs.id', 'in', runIds), removable(cutoff)(eb)]);
  await db
    .deleteFrom('idempotency_keys')
    .where('request_id', 'in', (eb) =>
      eb
        .selectFrom('requests')
        .select('requests.id')
        .where('requests.run_id', 'in', eb.selectFrom('runs').select('runs.id').where(chosen)),
    )
    .execute();
  const deleted = await db.deleteFrom('runs').where(chosen).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** One batch in one transaction: up to `limit` of the oldest removable runs. */
export async function removeFinishedRunsBatch(
  ctx: Pick<DomainContext, 'db'>,
  cutoff: string,
  limit: number,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const ids = await trx
      .selectFrom('runs')
      .select('runs.id')
      .where(removable(cutoff))
      .orderBy('runs.updated_at')
      .limit(limit)
      .execute();
    return deleteRemovableRuns(
      trx,
      ids.map((r) => r.id),
      cutoff,
    );
  });
}

/**
 * Removes every finished run older than `days`, batch after batch, each batch a short transaction so
 * that answers and agents are never held up for long. Resolves with how many runs were removed.
 */
export async function removeFinishedRuns(
  ctx: Pick<DomainContext, 'db' | 'now'>,
  days: number,
  options: { batchSize?: number; pause?: () => Promise<void> } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const cutoff = new Date(ctx.now().getTime() - days * 24 * 60 * 60 * 1000).toISOString();
  let total = 0;
  for (;;) {
    const removed = await removeFinishedRunsBatch(ctx, cutoff, batchSize);
    total += removed;
    if (removed < batchSize) return total;
    await (options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve))))();
  }
}
