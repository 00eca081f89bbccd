import type { DomainContext } from '../domain/context';
import { expireDueRequests } from '../domain/requests';
import type { SessionPolicy } from '../domain/session-policy';
import { pruneSessions } from '../domain/sessions';
import { pruneWebhookDeliveries } from '../domain/webhook-deliveries';
import type { Logger } from '../lib/logger';
import { pruneStreamEvents } from '../events/event-log';

export type SweepContext = DomainContext & { sessionPolicy: SessionPolicy };

const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

/**
 * One pass of housekeeping: expire overdue requests, then trim old stream events, sessions, idempotency
 * keys and remembered webhook deliveries.
 */
export async function sweepOnce(
  ctx: SweepContext,
  options: { housekeeping: boolean },
): Promise<number> {
  const expired = await expireDueRequests(ctx);
  if (options.housekeeping) {
    const now = ctx.now();
    await pruneStreamEvents(ctx.db);
    await pruneSessions(ctx.db, now, ctx.sessionPolicy);
    await ctx.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', new Date(now.getTime() - idempotencyKeyLifetimeMs).toISOString())
      .execute();
    await pruneWebhookDeliveries(ctx.db, now);
  }
  return expired;
}

/** Runs sweepOnce on a timer that never keeps the process alive; stop() waits for a pass in flight. */
export function startSweeper(
  ctx: SweepContext,
  logger: Logger,
  intervalMs = 1000,
  housekeepingEvery = 60,
): { stop(): Promise<void> } {
  let ticks = 0;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    ticks += 1;
    running = sweepOnce(ctx, { housekeeping: ticks % housekeepingEvery === 1 })
      .catch((error: unknown) =>
        logger.error('Sweep failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
