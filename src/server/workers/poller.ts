import { pollSource, type PollDeps } from '../domain/poll-source';

/**
 * Takes this round's poll of a source. Every server process sharing a database runs a poller; the one
 * whose conditional update lands polls, and the others find the source polled within the interval and
 * pass it by, so a platform sees one poll per interval however many processes there are.
 */
async function claimPoll(deps: PollDeps, sourceId: string, intervalMs: number): Promise<boolean> {
  const now = deps.now();
  const dueBefore = new Date(now.getTime() - intervalMs * 0.9).toISOString();
  const claimed = await deps.db
    .updateTable('sources')
    .set({ last_polled_at: now.toISOString() })
    .where('id', '=', sourceId)
    .where((eb) => eb.or([eb('last_polled_at', 'is', null), eb('last_polled_at', '<=', dueBefore)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export type Poller = { pollAll(): Promise<void>; stop(): Promise<void> };

/**
 * Polls every connector source each `intervalMs` that no other process polled within it; passes never
 * overlap and stop() waits for one in flight.
 */
export function startPoller(deps: PollDeps, intervalMs: number): Poller {
  let running: Promise<void> | null = null;
  let stopped = false;

  async function pollAll(): Promise<void> {
    const sources = await deps.db
      .selectFrom('sources')
      .select('id')
      .where('kind', '<>', 'native')
      .where('deleted_at', 'is', null)
      .execute();
    for (const { id } of sources) {
      if (stopped) return;
      if (await claimPoll(deps, id, intervalMs)) await pollSource(deps, id);
    }
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = pollAll()
      .catch((error: unknown) =>
        deps.logger.error('Polling pass failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();

  return {
    pollAll,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
