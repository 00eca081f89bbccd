import * as z from 'zod/mini';
import type { DbOrTrx, SourceRow } from '../db/schema';
import { fromJsonColumn } from '../lib/json-column';
import type { SecretBox } from '../lib/secret-box';
import { finishedRunStatuses } from '../../shared/runs';
import type { Connector, ConnectorKind, ConnectorSource, KnownRun } from '../connectors/connector';
import type { ConnectorRuntime } from '../connectors/runtime';

export type LoadedSource = { connector: Connector; source: ConnectorSource; row: SourceRow };

export function readSecrets(box: SecretBox, sealed: string | null): Record<string, string> {
  if (sealed === null) return {};
  return (fromJsonColumn<Record<string, string>>(box.open(sealed)) ?? {}) as Record<string, string>;
}

export function sealSecrets(box: SecretBox, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length ? box.seal(JSON.stringify(secrets)) : null;
}

/** A live (not deleted) connector source with its settings parsed and secrets opened, or null. */
export async function loadSource(
  db: DbOrTrx,
  runtime: Pick<ConnectorRuntime, 'registry' | 'secrets'>,
  sourceId: string,
): Promise<LoadedSource | null> {
  const row = await db
    .selectFrom('sources')
    .selectAll()
    .where('id', '=', sourceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return toLoadedSource(row, runtime);
}

/** The source's runs still going on its platform, newest first: what its connector follows. */
export async function knownRuns(db: DbOrTrx, sourceId: string): Promise<KnownRun[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['external_id', 'external_data', 'status'])
    .where('source_id', '=', sourceId)
    .where('status', 'not in', [...finishedRunStatuses])
    .where('external_id', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    externalId: r.external_id ?? '',
    externalData: fromJsonColumn<Record<string, unknown>>(r.external_data) ?? {},
    status: r.status,
  }));
}

export function toLoadedSource(
  row: SourceRow,
  runtime: Pick<ConnectorRuntime, 'registry' | 'secrets'>,
): LoadedSource | null {
  const connector = runtime.registry.get(row.kind as ConnectorKind);
  if (!connector) return null;
  const settings = z.safeParse(connector.settingsSchema, fromJsonColumn(row.settings) ?? {});
  return {
    connector,
    row,
    source: {
      id: row.id,
      kind: connector.kind,
      name: row.name,
      baseUrl: row.base_url ?? connector.defaultBaseUrl,
      settings: settings.success ? settings.data : {},
      secrets: readSecrets(runtime.secrets, row.secrets),
      state: fromJsonColumn<Record<string, unknown>>(row.state) ?? {},
    },
  };
}

/** Records how the last contact with a platform went, for the Settings page. */
export async function recordHealth(
  db: DbOrTrx,
  sourceId: string,
  result: { ok: true } | { ok: false; error: string },
  at: string,
): Promise<void> {
  await db
    .updateTable('sources')
    .set(
      result.ok
        ? { last_ok_at: at }
        : { last_error: result.error.slice(0, 1000), last_error_at: at },
    )
    .where('id', '=', sourceId)
    .execute();
}
