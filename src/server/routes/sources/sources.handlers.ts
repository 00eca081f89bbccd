import type { Context } from 'hono';
import type { createSourceSchema, updateSourceSchema } from '../../../shared/sources';
import { pollSource } from '../../connectors/poller';
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
import type { AppEnv, AppHandler } from '../../lib/app-env';
import { pathParam } from '../../lib/params';
import type { JsonInput } from '../../lib/validate';

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
  const source = await insertSource(deps, deps.connectors, c.req.valid('json'), origin(c));
  return c.json(source, 201);
};

export const updateSource: AppHandler<JsonInput<typeof updateSourceSchema>> = async (c) => {
  const deps = c.get('deps');
  const source = await patchSource(
    deps,
    deps.connectors,
    pathParam(c),
    c.req.valid('json'),
    origin(c),
  );
  return c.json(source, 200);
};

export const deleteSource: AppHandler = async (c) => {
  await removeSource(c.get('deps'), pathParam(c));
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
