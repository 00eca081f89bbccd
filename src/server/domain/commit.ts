import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { recordStreamEvents, type PendingStreamEvent } from '../events/record';
import { isoNow, type DomainContext } from './context';

export type Work<T> = (
  trx: Transaction<Database>,
  emit: (event: PendingStreamEvent) => void,
  at: string,
) => Promise<T>;

/**
 * Runs `work` in one transaction with one timestamp, records the stream events it emits in the same
 * transaction, and announces them on the bus only once the transaction has committed.
 */
export async function commit<T>(ctx: DomainContext, work: Work<T>): Promise<T> {
  const at = isoNow(ctx);
  const pending: PendingStreamEvent[] = [];
  const { result, recorded } = await ctx.db.transaction().execute(async (trx) => {
    const result = await work(trx, (event) => pending.push(event), at);
    const recorded = await recordStreamEvents(trx, pending, at);
    return { result, recorded };
  });
  ctx.bus.publishCommitted(recorded);
  return result;
}
