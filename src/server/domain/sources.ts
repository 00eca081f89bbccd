import * as z from 'zod/mini';
import { issuesToDetails } from '../../shared/errors';
import type {
  createSourceSchema,
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
import { isoNow, type DomainContext } from './context';

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
export function toSourceView(row: SourceRow, runtime: SourceRuntime, origin: string): Source {
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
    webhookUrl: native ? null : `${origin}/api/v1/hooks/${row.id}`,
    health: health(row),
  };
}

export async function listSources(
  db: DbOrTrx,
  runtime: SourceRuntime,
  origin: string,
): Promise<Source[]> {
  const rows = await db
    .selectFrom('sources')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => toSourceView(row, runtime, origin));
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

export async function createSource(
  ctx: DomainContext,
  runtime: SourceRuntime,
  input: z.output<typeof createSourceSchema>,
  origin: string,
): Promise<Source> {
  const connector = connectorFor(runtime, input.kind);
  const settings = withoutBlanks(input.settings ?? {});
  const secrets = withoutBlanks(input.secrets ?? {}) as Record<string, string>;
  checkAgainst(connector.settingsSchema, settings, 'settings');
  checkAgainst(connector.secretsSchema, secrets, 'secrets');
  if (!input.baseUrl && !connector.defaultBaseUrl)
    throw invalid({ baseUrl: 'Required for this platform' });
  const at = isoNow(ctx);
  const id = newId('src');
  await ctx.db
    .insertInto('sources')
    .values({
      id,
      kind: input.kind,
      name: input.name,
      config: null,
      created_at: at,
      updated_at: at,
      base_url: input.baseUrl ?? null,
      settings: toJsonColumn(settings),
      secrets: sealSecrets(runtime.secrets, secrets),
    })
    .execute();
  return toSourceView(await findSourceRow(ctx.db, id), runtime, origin);
}

export async function updateSource(
  ctx: DomainContext,
  runtime: SourceRuntime,
  sourceId: string,
  input: UpdateSource,
  origin: string,
): Promise<Source> {
  const row = await findSourceRow(ctx.db, sourceId);
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
  await ctx.db
    .updateTable('sources')
    .set({
      name: input.name ?? row.name,
      base_url: baseUrl,
      settings: toJsonColumn(settings),
      secrets: sealSecrets(runtime.secrets, secrets),
      updated_at: isoNow(ctx),
    })
    .where('id', '=', sourceId)
    .execute();
  return toSourceView(await findSourceRow(ctx.db, sourceId), runtime, origin);
}

/**
 * Removes a source from Settings, webhooks and polling. Its runs stay in history, so the row is kept
 * (marked deleted) with its secrets wiped; queued deliveries to it fail visibly.
 */
export async function deleteSource(ctx: DomainContext, sourceId: string): Promise<void> {
  const row = await findSourceRow(ctx.db, sourceId);
  if (row.kind === 'native') throw conflict('The native source cannot be deleted');
  await ctx.db
    .updateTable('sources')
    .set({ deleted_at: isoNow(ctx), secrets: null, updated_at: isoNow(ctx) })
    .where('id', '=', sourceId)
    .execute();
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
