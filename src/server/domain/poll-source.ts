import type { ConnectorRuntime } from '../connectors/runtime';
import { toJsonColumn } from '../lib/json-column';
import type { Logger } from '../lib/logger';
import type { DomainContext } from './context';
import { ingestEvents, type IngestSummary } from './ingest';
import { knownRuns, loadSource, recordHealth } from './source-loader';

export type PollDeps = DomainContext & { runtime: ConnectorRuntime; logger: Logger };

/** Polls one source now: asks its connector what is open, ingests it, and records health and the cursor. */
export async function pollSource(deps: PollDeps, sourceId: string): Promise<IngestSummary | null> {
  const loaded = await loadSource(deps.db, deps.runtime, sourceId);
  if (!loaded) return null;
  const observedAt = deps.now().toISOString();
  const known = await knownRuns(deps.db, sourceId);
  // Health reflects the last real call: a round that asked the platform nothing (no run to follow) proves
  // nothing about it, and must not paint a failing source green.
  let calledPlatform = false;
  const http: ConnectorRuntime['http'] = (url, init) => {
    calledPlatform = true;
    return deps.runtime.http(url, init);
  };
  try {
    const result = await loaded.connector.poll(loaded.source, known, { http, now: deps.now });
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
    const problems = [...(result.problems ?? []), ...summary.problems];
    if (calledPlatform || problems.length) {
      await recordHealth(
        deps.db,
        sourceId,
        problems.length ? { ok: false, error: problems.join('\n') } : { ok: true },
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
