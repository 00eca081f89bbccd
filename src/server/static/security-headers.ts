import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env';

/**
 * The page's policy: our own scripts only; our own stylesheets, plus style elements carrying this
 * response's nonce; frames only from the live-view origins.
 */
export function contentSecurityPolicy(
  frameOrigins: readonly string[],
  nonce?: string,
  serviceWorker?: string,
): string {
  const frames = frameOrigins.length ? frameOrigins.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "media-src 'none'",
    serviceWorker ? `worker-src ${serviceWorker}` : "worker-src 'none'",
    `frame-src ${frames}`,
    `child-src ${frames}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For everything that is not a page (JSON, files): nothing may load from it or frame it. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/** The one service worker's path; pages may register it and no other worker. */
export const serviceWorkerPath = '/sw.js';

/** The service worker's own policy (a worker takes it from its script): it may call this API only. */
export const serviceWorkerContentSecurityPolicy =
  "default-src 'none'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'";

/**
 * The service worker's URL as a CSP source. CSP has no path-only source, so it carries this request's
 * host; an http source also matches the https page a TLS proxy serves.
 */
function serviceWorkerSource(requestUrl: string, host: string | undefined): string {
  const url = new URL(requestUrl);
  const name = host ?? url.host;
  // The Host header is the client's: anything but a plain host[:port] must not reach the header.
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(name)) return "'none'";
  return `${url.protocol}//${name}${serviceWorkerPath}`;
}

export const permissionsPolicy = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'serial=()',
  'usb=()',
].join(', ');

/** Headers for every response; HTML pages get the full CSP with the frame origins of the moment. */
export function securityHeaders(
  frameOrigins: () => Promise<readonly string[]>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith('/api/') || c.req.path === '/api/docs') {
      c.set('cspNonce', randomBytes(16).toString('base64'));
    }
    await next();
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    headers.set('Permissions-Policy', permissionsPolicy);
    const html = headers.get('Content-Type')?.startsWith('text/html') ?? false;
    if (!html) {
      headers.set(
        'Content-Security-Policy',
        c.req.path === serviceWorkerPath
          ? serviceWorkerContentSecurityPolicy
          : apiContentSecurityPolicy,
      );
      return;
    }
    // Should the origins be unreadable, the page still loads, framing nothing.
    const frames = await frameOrigins().catch(() => []);
    const worker = serviceWorkerSource(c.req.url, c.req.header('Host'));
    headers.set(
      'Content-Security-Policy',
      contentSecurityPolicy(frames, c.get('cspNonce'), worker),
    );
  };
}
