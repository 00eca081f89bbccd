import { createApp } from '../../src/server/app';
import { openSqlite } from '../../src/server/db/database';

/** Where the app serves JSON APIs: its own, and the HumanLayer-compatible one. */
export const apiMounts = ['/api/v1', '/humanlayer/v1'] as const;

export type ApiRoute = { method: string; path: string; key: string };

/**
 * Every endpoint the app registers under its API mounts, read from Hono's own route list: handlers with a
 * method, plus any catch-all handler on a concrete path. Middleware (`use`, always a `*` path) is not
 * an endpoint. Building the app needs no migrated database: nothing runs until a request comes in.
 */
export function listApiRoutes(): ApiRoute[] {
  const app = createApp({ db: openSqlite(':memory:') });
  const routes = new Map<string, ApiRoute>();
  for (const { method, path } of app.routes) {
    if (!apiMounts.some((mount) => path.startsWith(`${mount}/`))) continue;
    if (method === 'ALL' && path.endsWith('*')) continue;
    const key = `${method} ${path}`;
    routes.set(key, { method, path, key });
  }
  return [...routes.values()];
}

/** A concrete path for a route pattern: each `:param` replaced in order by the given values. */
export function fillPath(pattern: string, values: readonly string[]): string {
  let index = 0;
  return pattern.replace(/:[A-Za-z]+/g, () => encodeURIComponent(values[index++] ?? 'missing'));
}
