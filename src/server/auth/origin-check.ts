import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../lib/api-error';
import type { AppEnv } from '../http/app-env';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const ownSite = new Set(['same-origin', 'none']);

/** `scheme://host[:port]` as a browser writes it (lower case, no default port), or null. */
function originOf(url: string): string | null {
  try {
    const { protocol, host } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? `${protocol}//${host}` : null;
  } catch {
    return null;
  }
}

const firstOf = (header: string | undefined) => header?.split(',')[0]!.trim() || undefined;

/**
 * Cookie-authenticated state changes must come from our own origin: when a browser sends Origin, its
 * scheme and host have to match the request's (or, behind a trusted proxy, X-Forwarded-Proto and
 * X-Forwarded-Host); without Origin, a browser's Sec-Fetch-Site must not say the call comes from
 * another site. Bearer-token calls carry no cookie (the principal is then the token alone) and skip
 * this.
 */
export const checkOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (safeMethods.has(c.req.method) || c.req.header('Authorization') !== undefined) {
    await next();
    return;
  }
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    const url = new URL(c.req.url);
    const host = c.req.header('Host') ?? url.host;
    const own = [originOf(`${url.protocol}//${host}`)];
    if (c.get('deps').trustProxy) {
      const scheme = firstOf(c.req.header('X-Forwarded-Proto'));
      const forwardedHost = firstOf(c.req.header('X-Forwarded-Host')) ?? host;
      own.push(originOf(`${scheme ? `${scheme}:` : url.protocol}//${forwardedHost}`));
    }
    // Another scheme is another origin: https://host and http://host may be different servers, and
    // a page served over plain http can be written by anyone on the network path.
    const from = originOf(origin);
    if (from === null || !own.includes(from)) throw forbidden('Cross-origin request refused');
  } else {
    const site = c.req.header('Sec-Fetch-Site');
    if (site !== undefined && !ownSite.has(site)) throw forbidden('Cross-site request refused');
  }
  await next();
};
