import type { Db } from '../db/schema';
import type { EventBus } from '../events/bus';
import type { Observations } from './observations';

/** What domain modules need: the database, the bus to announce committed changes, and the clock. */
export type DomainContext = {
  db: Db;
  bus: EventBus;
  now: () => Date;
  /** This process's metrics, told what happened; absent where nobody counts (some tests, scripts). */
  observe?: Observations;
};

export function isoNow(ctx: Pick<DomainContext, 'now'>): string {
  return ctx.now().toISOString();
}
