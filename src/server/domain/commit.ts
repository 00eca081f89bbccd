import type { Transaction } from 'kysely';
import { isTransientConflict } from '../db/errors';
import type { Database } from '../db/schema';
import { recordStreamEvents, type PendingStreamEvent } from '../events/event-log';
import { appendAuditBatch, beginAuditBatch } from './audit';
import { isoNow, type DomainContext } from './context';
import { notificationEventsFrom, notify } from './notifications/notify';

/** Queues a stream event; it is recorded with the transaction and announced once it commits. */
export type Emit = (event: PendingStreamEvent) => void;

export type Work<T> = (trx: Transaction<Database>, emit: Emit, at: string) => Promise<T>;

const maxAttempts = 4;

/**
 * Runs `work` in one transaction with one timestamp, records the stream events it emits in the same
 * transaction, and announces them on the bus only once the transaction has committed. The notification
 * jobs of the request changes among those events are queued in the same transaction (see notify.ts).
 *
 * On PostgreSQL concurrent transactions can deadlock (an answer holds its request and waits for the
 * run, a stop holds the run and waits for the request); the database aborts one, which then runs
 * again from the start and sees the other's outcome, as it would have had they come one after another.
 */
export async function commit<T>(ctx: DomainContext, work: Work<T>): Promise<T> {
  const at = isoNow(ctx);
  for (let attempt = 1; ; attempt += 1) {
    const pending: PendingStreamEvent[] = [];
    try {
      const { result, recorded } = await ctx.db.transaction().execute(async (trx) => {
        beginAuditBatch(trx);
        const result = await work(trx, (event) => pending.push(event), at);
        await notify(trx, await notificationEventsFrom(trx, pending), at);
        await appendAuditBatch(trx);
        const recorded = await recordStreamEvents(trx, pending, at);
        return { result, recorded };
      });
      ctx.bus.publishCommitted(recorded);
      return result;
    } catch (error) {
      if (attempt >= maxAttempts || !isTransientConflict(error)) throw error;
    }
  }
}
