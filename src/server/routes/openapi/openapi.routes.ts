import { Hono } from 'hono';
import { openToAll } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { openApiDocument, type ListedRoute } from './openapi-document';

/** The API's version in the document: the major version in the path. */
const apiVersion = '1';

/**
 * `GET /openapi.json`. The routes are read when the document is first asked for, not when this router
 * is built: the router is itself among them.
 */
export function openapiRoutes(listRoutes: () => readonly ListedRoute[]) {
  let document: string | undefined;
  return new Hono<AppEnv>().get('/openapi.json', openToAll, (c) => {
    document ??= JSON.stringify(openApiDocument(listRoutes(), apiVersion));
    return c.body(document, 200, { 'Content-Type': 'application/json' });
  });
}
