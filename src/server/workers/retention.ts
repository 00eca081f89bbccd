import type { DomainContext } from '../domain/context';
import { removeFinishedRuns } from '../domain/retention';
import type { Logger } from '../lib/logger';

export type RetentionOptions = {
  /** Finished runs untouched for this many days are removed. */
  days: number;
  /** Once a day. */
  intervalMs?: number;
  /** The first pass, shortly after start, so a server restarted daily still prunes. */
  firstDelayMs?: number;
  batchSize?: number;
};

/**
 * The daily retention pass: removes finished runs older than the retention period (their audit entries
 * stay). Several processes may run it at once: each batch re-checks what it deletes, so they only
 * share the work. stop() waits for a pass in flight.
 */
export function startRetention(
  ctx: Pick<DomainContext, 'db' | 'now'>,
  logger: Logger,
  options: RetentionOptions,
): { stop(): Promise<void>; runOnce(): Promise<number> } {
  const intervalMs = options.intervalMs ?? 24 * 60 * 60 * 1000;
  let running: Promise<number> | null = null;
  let stopped = false;

  const runOnce = () => {
    running ??= removeFinishedRuns(ctx, options.days, { batchSize: options.batchSize })
      .then((removed) => {
        if (removed > 0) {
          logger.info('Removed finished runs past the retention period', {
            runs: removed,
            days: options.days,
          });
        }
        return removed;
      })
      .catch((error: unknown) => {
        logger.error('Retention pass failed', {
          error: error instanceof Error ? error.message : String(error),
        });
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  let timer = setTimeout(function tick() {
    if (stopped) return;
    void runOnce();
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  }, options.firstDelayMs ?? 60_000);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
