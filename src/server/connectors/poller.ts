import type { RunStatus } from '../../shared/runs';
import type { DomainContext } from '../domain/context';
import { finishedRunStatuses } from '../../shared/runs';
import { fromJsonColumn, toJsonColumn } from '../lib/json-column';
import type { Logger } from '../lib/logger';
import { ingestEvents, type IngestSummary } from './ingest';
import type { ConnectorRuntime } from './runtime';
import { loadSource, recordHealth } from './source-loader';

type PollDeps = DomainContext & { runtime: ConnectorRuntime; logger: Logger };

/** Polls one source now: asks its connector what is open, ingests it, and records health and the cursor. */
export async function pollSource(deps: PollDeps, sourceId: string): Promise<IngestSummary | null> {
  const loaded = await loadSource(deps.db, deps.runtime, sourceId);
  if (!loaded) return null;
  const observedAt = deps.now().toISOString();
  const known = await deps.db
    .selectFrom('runs')
    .select(['external_id', 'external_data', 'status'])
    .where('source_id', '=', sourceId)
    .where('status', 'not in', [...finishedRunStatuses])
    .where('external_id', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(200)
    .execute();
  // Health reflects the last real call: a round that asked the platform nothing (no run to follow) proves
  // nothing about it, and must not paint a failing source green.
  let calledPlatform = false;
  const http: ConnectorRuntime['http'] = (url, init) => {
    calledPlatform = true;
    return deps.runtime.http(url, init);
  };
  try {
    const result = await loaded.connector.poll(
      loaded.source,
      known.map((r) => ({
        externalId: r.external_id ?? '',
        externalData: fromJsonColumn<Record<string, unknown>>(r.external_data) ?? {},
        status: r.status as RunStatus,
      })),
      { http, now: deps.now },
    );
    const summary = await ingestEvents(
      deps,
      { id: sourceId, name: loaded.row.name, label: loaded.connector.label },
      result.events,
      observedAt,
    );
    await deps.db
      .updateTable('sources')
      .set({
        last_polled_at: observedAt,
        ...(result.state ? { state: toJsonColumn(result.state) } : {}),
      })
      .where('id', '=', sourceId)
      .execute();
    if (calledPlatform || summary.problems.length) {
      await recordHealth(
        deps.db,
        sourceId,
        summary.problems.length ? { ok: false, error: summary.problems.join('\n') } : { ok: true },
        observedAt,
      );
    }
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.db
      .updateTable('sources')
      .set({ last_polled_at: observedAt })
      .where('id', '=', sourceId)
      .execute();
    await recordHealth(
      deps.db,
      sourceId,
      { ok: false, error: `Polling failed: ${message}` },
      observedAt,
    );
    deps.logger.warn('Polling a source failed', { sourceId, error: message });
    return null;
  }
}

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
