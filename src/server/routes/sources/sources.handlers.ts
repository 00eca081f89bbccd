import type { Context } from 'hono';
import type { createSourceSchema, updateSourceSchema } from '../../../shared/sources';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser } from '../../auth/guards';
import { pollSource } from '../../domain/poll-source';
import { recordAudit } from '../../domain/audit';
import { isoNow } from '../../domain/context';
import {
  createSource as insertSource,
  deleteSource as removeSource,
  findSourceRow,
  listSources as querySources,
  testSource as checkSource,
  toSourceView,
  updateSource as patchSource,
} from '../../domain/sources';
import { conflict } from '../../lib/api-error';
import type { AppEnv, AppHandler } from '../../http/app-env';
import { pathParam } from '../../lib/params';
import type { JsonInput } from '../../http/validators';

/** Webhook URLs are absolute, on the origin the admin reached the API through. */
function origin(c: Context<AppEnv>): string {
  return new URL(c.req.url).origin;
}

export const listSources: AppHandler = async (c) => {
  const { db, connectors } = c.get('deps');
  return c.json({ items: await querySources(db, connectors, origin(c)), nextCursor: null }, 200);
};

export const createSource: AppHandler<JsonInput<typeof createSourceSchema>> = async (c) => {
  const deps = c.get('deps');
  const input = c.req.valid('json');
  const source = await insertSource(deps, deps.connectors, input, origin(c));
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'source.created',
      summary: `${currentUser(c).username} connected ${source.kind} as "${source.name}"`,
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
    isoNow(deps),
  );
  return c.json(source, 201);
};

export const updateSource: AppHandler<JsonInput<typeof updateSourceSchema>> = async (c) => {
  const deps = c.get('deps');
  const input = c.req.valid('json');
  const source = await patchSource(deps, deps.connectors, pathParam(c), input, origin(c));
  const secrets = Object.entries(input.secrets ?? {});
  const changed = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
    ...(input.settings !== undefined ? { settings: Object.keys(input.settings).sort() } : {}),
    secretsReplaced: secrets.filter(([, v]) => v !== null && v !== '').map(([k]) => k),
    secretsRemoved: secrets.filter(([, v]) => v === null || v === '').map(([k]) => k),
  };
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'source.updated',
      summary: `${currentUser(c).username} changed the source "${source.name}" (${describeChange(changed)})`,
      targetType: 'source',
      targetId: source.id,
      data: changed,
    },
    isoNow(deps),
  );
  return c.json(source, 200);
};

function describeChange(changed: {
  name?: string;
  baseUrl?: string | null;
  settings?: string[];
  secretsReplaced: string[];
  secretsRemoved: string[];
}): string {
  const parts = [
    changed.name !== undefined && 'name',
    changed.baseUrl !== undefined && 'base URL',
    changed.settings !== undefined && 'settings',
    changed.secretsReplaced.length > 0 && `new ${changed.secretsReplaced.join(', ')}`,
    changed.secretsRemoved.length > 0 && `removed ${changed.secretsRemoved.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing';
}

export const deleteSource: AppHandler = async (c) => {
  const deps = c.get('deps');
  const row = await findSourceRow(deps.db, pathParam(c));
  await removeSource(deps, row.id);
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'source.deleted',
      summary: `${currentUser(c).username} removed the ${row.kind} source "${row.name}"`,
      targetType: 'source',
      targetId: row.id,
      data: { kind: row.kind, name: row.name },
    },
    isoNow(deps),
  );
  return c.body(null, 204);
};

export const testSource: AppHandler = async (c) => {
  const deps = c.get('deps');
  return c.json(await checkSource(deps, deps.connectors, pathParam(c)), 200);
};

export const pollNow: AppHandler = async (c) => {
  const deps = c.get('deps');
  const id = pathParam(c);
  const row = await findSourceRow(deps.db, id);
  if (row.kind === 'native') throw conflict('The native source has nothing to poll');
  const summary = await pollSource({ ...deps, runtime: deps.connectors }, id);
  const source = toSourceView(await findSourceRow(deps.db, id), deps.connectors, origin(c));
  return c.json(
    {
      runsCreated: summary?.runsCreated ?? 0,
      requestsCreated: summary?.requestsCreated ?? 0,
      problems: summary?.problems ?? [],
      source,
    },
    200,
  );
};
