import type { Db } from '../db/schema';
import type { EventBus } from '../events/bus';

/** What domain modules need: the database, the bus to announce committed changes, and the clock. */
export type DomainContext = {
  db: Db;
  bus: EventBus;
  now: () => Date;
};

export function isoNow(ctx: Pick<DomainContext, 'now'>): string {
  return ctx.now().toISOString();
}
