import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../lib/api-error';
import type { AppEnv } from '../http/app-env';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const ownSite = new Set(['same-origin', 'none']);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * Cookie-authenticated state changes must come from our own origin: when a browser sends Origin it
 * has to match Host (or, behind a trusted proxy, X-Forwarded-Host); without Origin, a browser's
 * Sec-Fetch-Site must not say the call comes from another site. Bearer-token calls carry no cookie
 * (the principal is then the token alone) and skip this.
 */
export const checkOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (safeMethods.has(c.req.method) || c.req.header('Authorization') !== undefined) {
    await next();
    return;
  }
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    const originHost = hostOf(origin);
    const hosts = [c.req.header('Host') ?? new URL(c.req.url).host];
    const forwarded = c.req.header('X-Forwarded-Host');
    if (forwarded && c.get('deps').trustProxy) hosts.push(forwarded.split(',')[0]!.trim());
    if (originHost === null || !hosts.includes(originHost)) {
      throw forbidden('Cross-origin request refused');
    }
  } else {
    const site = c.req.header('Sec-Fetch-Site');
    if (site !== undefined && !ownSite.has(site)) throw forbidden('Cross-site request refused');
  }
  await next();
};
