import * as z from 'zod/mini';
import { issuesToDetails } from '../../shared/errors';
import type {
  createSourceSchema,
  SourcePollResult,
  Source,
  SourceHealth,
  SourceTestResult,
  UpdateSource,
} from '../../shared/sources';
import type { Connector, ConnectorKind } from '../connectors/connector';
import type { ConnectorRuntime } from '../connectors/runtime';
import { readSecrets, recordHealth, sealSecrets, toLoadedSource } from './source-loader';
import type { DbOrTrx, SourceRow } from '../db/schema';
import { conflict, invalid, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { fromJsonColumn, toJsonColumn } from '../lib/json-column';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import { isoNow, type DomainContext } from './context';
import { pollSource, type PollDeps } from './poll-source';

type SourceRuntime = Pick<ConnectorRuntime, 'registry' | 'secrets'>;

function health(row: SourceRow): SourceHealth {
  const okAt = row.last_ok_at;
  const errorAt = row.last_error_at;
  const status = errorAt && (!okAt || errorAt > okAt) ? 'error' : okAt ? 'ok' : 'unknown';
  return {
    status,
    lastOkAt: okAt,
    lastError: status === 'error' ? row.last_error : null,
    lastErrorAt: errorAt,
    lastPolledAt: row.last_polled_at,
  };
}

/** A source for the API: settings and the names of the secrets that are set, never their values. */
export function toSourceView(row: SourceRow, runtime: SourceRuntime, apiOrigin: string): Source {
  const native = row.kind === 'native';
  const connector = runtime.registry.get(row.kind as ConnectorKind);
  return {
    id: row.id,
    kind: row.kind as Source['kind'],
    name: row.name,
    createdAt: row.created_at,
    baseUrl: native ? null : (row.base_url ?? connector?.defaultBaseUrl ?? null),
    settings: native ? {} : (fromJsonColumn<Record<string, unknown>>(row.settings) ?? {}),
    secretsSet: native ? [] : Object.keys(readSecrets(runtime.secrets, row.secrets)).sort(),
    webhookUrl: native ? null : `${apiOrigin}/api/v1/hooks/${row.id}`,
    health: health(row),
  };
}

export async function listSources(
  db: DbOrTrx,
  runtime: SourceRuntime,
  apiOrigin: string,
): Promise<Source[]> {
  const rows = await db
    .selectFrom('sources')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => toSourceView(row, runtime, apiOrigin));
}

export async function findSourceRow(db: DbOrTrx, sourceId: string): Promise<SourceRow> {
  const row = await db
    .selectFrom('sources')
    .selectAll()
    .where('id', '=', sourceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('Source');
  return row;
}

function connectorFor(runtime: SourceRuntime, kind: string): Connector {
  const connector = runtime.registry.get(kind as ConnectorKind);
  if (!connector) throw invalid({ kind: `Countersign cannot connect ${kind} yet` });
  return connector;
}

/** Drops empty strings (an untouched optional form field) before the connector's schema sees them. */
function withoutBlanks(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== null));
}

function checkAgainst(
  schema: z.ZodMiniType,
  values: Record<string, unknown>,
  prefix: 'settings' | 'secrets',
): void {
  const result = z.safeParse(schema, values);
  if (result.success) return;
  const details: Record<string, string> = {};
  for (const [path, message] of Object.entries(issuesToDetails(result.error.issues))) {
    details[`${prefix}.${path}`] = message;
  }
  throw invalid(details);
}

/** Who made a change and the origin its webhook URLs are shown on. */
type SourceChange = { origin: AuditOrigin; apiOrigin: string };

export async function createSource(
  ctx: DomainContext,
  runtime: SourceRuntime,
  input: z.output<typeof createSourceSchema>,
  { origin, apiOrigin }: SourceChange,
): Promise<Source> {
  const connector = connectorFor(runtime, input.kind);
  const settings = withoutBlanks(input.settings ?? {});
  const secrets = withoutBlanks(input.secrets ?? {}) as Record<string, string>;
  checkAgainst(connector.settingsSchema, settings, 'settings');
  checkAgainst(connector.secretsSchema, secrets, 'secrets');
  if (!input.baseUrl && !connector.defaultBaseUrl)
    throw invalid({ baseUrl: 'Required for this platform' });
  const sealed = sealSecrets(runtime.secrets, secrets);
  return commit(ctx, async (trx, _emit, at) => {
    const id = newId('src');
    await trx
      .insertInto('sources')
      .values({
        id,
        kind: input.kind,
        name: input.name,
        created_at: at,
        updated_at: at,
        base_url: input.baseUrl ?? null,
        settings: toJsonColumn(settings),
        secrets: sealed,
      })
      .execute();
    const source = toSourceView(await findSourceRow(trx, id), runtime, apiOrigin);
    await recordAudit(
      trx,
      origin,
      {
        action: 'source.created',
        summary: `${origin.actor} connected ${source.kind} as "${source.name}"`,
        targetType: 'source',
        targetId: source.id,
        data: {
          kind: source.kind,
          name: source.name,
          baseUrl: source.baseUrl,
          settings: Object.keys(input.settings ?? {}).sort(),
          secretsSet: source.secretsSet,
        },
      },
      at,
    );
    return source;
  });
}

export async function updateSource(
  ctx: DomainContext,
  runtime: SourceRuntime,
  sourceId: string,
  input: UpdateSource,
  { origin, apiOrigin }: SourceChange,
): Promise<Source> {
  return commit(ctx, async (trx, _emit, at) => {
    const row = await findSourceRow(trx, sourceId);
    if (row.kind === 'native') throw conflict('The native source cannot be changed');
    const connector = connectorFor(runtime, row.kind);
    const settings =
      input.settings !== undefined
        ? withoutBlanks(input.settings)
        : (fromJsonColumn<Record<string, unknown>>(row.settings) ?? {});
    const secrets: Record<string, string> = readSecrets(runtime.secrets, row.secrets);
    for (const [name, value] of Object.entries(input.secrets ?? {})) {
      if (value === null || value === '') delete secrets[name];
      else secrets[name] = value;
    }
    checkAgainst(connector.settingsSchema, settings, 'settings');
    checkAgainst(connector.secretsSchema, secrets, 'secrets');
    const baseUrl = input.baseUrl === undefined ? row.base_url : input.baseUrl;
    if (!baseUrl && !connector.defaultBaseUrl)
      throw invalid({ baseUrl: 'Required for this platform' });
    await trx
      .updateTable('sources')
      .set({
        name: input.name ?? row.name,
        base_url: baseUrl,
        settings: toJsonColumn(settings),
        secrets: sealSecrets(runtime.secrets, secrets),
        updated_at: at,
      })
      .where('id', '=', sourceId)
      .execute();
    const source = toSourceView(await findSourceRow(trx, sourceId), runtime, apiOrigin);
    const changed = changesOf(input);
    await recordAudit(
      trx,
      origin,
      {
        action: 'source.updated',
        summary: `${origin.actor} changed the source "${source.name}" (${describeChange(changed)})`,
        targetType: 'source',
        targetId: source.id,
        data: changed,
      },
      at,
    );
    return source;
  });
}

type SourceChanges = {
  name?: string;
  baseUrl?: string | null;
  settings?: string[];
  secretsReplaced: string[];
  secretsRemoved: string[];
};

/** What an update touched, for the audit log: names of settings and secrets, never their values. */
function changesOf(input: UpdateSource): SourceChanges {
  const secrets = Object.entries(input.secrets ?? {});
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
    ...(input.settings !== undefined ? { settings: Object.keys(input.settings).sort() } : {}),
    secretsReplaced: secrets.filter(([, v]) => v !== null && v !== '').map(([k]) => k),
    secretsRemoved: secrets.filter(([, v]) => v === null || v === '').map(([k]) => k),
  };
}

function describeChange(changed: SourceChanges): string {
  const parts = [
    changed.name !== undefined && 'name',
    changed.baseUrl !== undefined && 'base URL',
    changed.settings !== undefined && 'settings',
    changed.secretsReplaced.length > 0 && `new ${changed.secretsReplaced.join(', ')}`,
    changed.secretsRemoved.length > 0 && `removed ${changed.secretsRemoved.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing';
}

/**
 * Removes a source from Settings, webhooks and polling. Its runs stay in history, so the row is kept
 * (marked deleted) with its secrets wiped; queued deliveries to it fail visibly.
 */
export async function deleteSource(
  ctx: DomainContext,
  sourceId: string,
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, _emit, at) => {
    const row = await findSourceRow(trx, sourceId);
    if (row.kind === 'native') throw conflict('The native source cannot be deleted');
    await trx
      .updateTable('sources')
      .set({ deleted_at: at, secrets: null, updated_at: at })
      .where('id', '=', sourceId)
      .execute();
    await recordAudit(
      trx,
      origin,
      {
        action: 'source.deleted',
        summary: `${origin.actor} removed the ${row.kind} source "${row.name}"`,
        targetType: 'source',
        targetId: row.id,
        data: { kind: row.kind, name: row.name },
      },
      at,
    );
  });
}

export async function testSource(
  ctx: DomainContext,
  runtime: ConnectorRuntime,
  sourceId: string,
): Promise<SourceTestResult> {
  const row = await findSourceRow(ctx.db, sourceId);
  if (row.kind === 'native') throw conflict('The native source has nothing to test');
  const loaded = toLoadedSource(row, runtime);
  if (!loaded) throw invalid({ kind: `Countersign cannot connect ${row.kind} yet` });
  let result: { ok: boolean; message: string };
  try {
    result = await loaded.connector.testConnection(loaded.source, {
      http: runtime.http,
      now: ctx.now,
    });
  } catch (error) {
    result = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const checkedAt = isoNow(ctx);
  await recordHealth(
    ctx.db,
    sourceId,
    result.ok ? { ok: true } : { ok: false, error: result.message },
    checkedAt,
  );
  return { ...result, checkedAt };
}

/** Polls a platform source now, at an admin's asking, and shows the source with its new health. */
export async function pollSourceNow(
  deps: PollDeps,
  sourceId: string,
  apiOrigin: string,
): Promise<SourcePollResult> {
  const row = await findSourceRow(deps.db, sourceId);
  if (row.kind === 'native') throw conflict('The native source has nothing to poll');
  const summary = await pollSource(deps, sourceId);
  return {
    runsCreated: summary?.runsCreated ?? 0,
    requestsCreated: summary?.requestsCreated ?? 0,
    problems: summary?.problems ?? [],
    source: toSourceView(await findSourceRow(deps.db, sourceId), deps.runtime, apiOrigin),
  };
}
