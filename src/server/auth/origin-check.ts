import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../lib/api-error';
import type { AppEnv } from '../lib/app-env';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated state changes must come from our own origin: when a browser sends Origin it
 * has to match Host. Bearer-token calls are not exposed to cross-site forgery and skip this.
 */
export const checkOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('Origin');
  if (
    !safeMethods.has(c.req.method) &&
    origin !== undefined &&
    c.req.header('Authorization') === undefined
  ) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    const host = c.req.header('Host') ?? new URL(c.req.url).host;
    if (originHost === null || originHost !== host) throw forbidden('Cross-origin request refused');
  }
  await next();
};
