import type { Context } from 'hono';
import type { createSourceSchema, updateSourceSchema } from '../../../shared/sources';
import { auditOrigin } from '../../auth/audit-origin';
import {
  createSource,
  deleteSource,
  listSources,
  pollSourceNow,
  testSource,
  updateSource,
} from '../../domain/sources';
import type { AppEnv, AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { pathParam } from '../../lib/params';

/** Webhook URLs are absolute, on the origin the admin reached the API through. */
function apiOrigin(c: Context<AppEnv>): string {
  return new URL(c.req.url).origin;
}

export const list: AppHandler = async (c) => {
  const { db, connectors } = c.get('deps');
  return c.json({ items: await listSources(db, connectors, apiOrigin(c)), nextCursor: null }, 200);
};

export const create: AppHandler<JsonInput<typeof createSourceSchema>> = async (c) => {
  const deps = c.get('deps');
  const source = await createSource(deps, deps.connectors, c.req.valid('json'), {
    origin: auditOrigin(c),
    apiOrigin: apiOrigin(c),
  });
  return c.json(source, 201);
};

export const update: AppHandler<JsonInput<typeof updateSourceSchema>> = async (c) => {
  const deps = c.get('deps');
  const source = await updateSource(deps, deps.connectors, pathParam(c), c.req.valid('json'), {
    origin: auditOrigin(c),
    apiOrigin: apiOrigin(c),
  });
  return c.json(source, 200);
};

export const remove: AppHandler = async (c) => {
  await deleteSource(c.get('deps'), pathParam(c), auditOrigin(c));
  return c.body(null, 204);
};

export const test: AppHandler = async (c) => {
  const deps = c.get('deps');
  return c.json(await testSource(deps, deps.connectors, pathParam(c)), 200);
};

export const poll: AppHandler = async (c) => {
  const deps = c.get('deps');
  const result = await pollSourceNow(
    { ...deps, runtime: deps.connectors },
    pathParam(c),
    apiOrigin(c),
  );
  return c.json(result, 200);
};
