import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The caller's address: the socket's peer. Behind a reverse proxy that the operator says to trust, the
 * last X-Forwarded-For entry, which that proxy appended; earlier entries are whatever the client sent.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded && forwarded.length <= 64) return forwarded;
  }
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

const maxUserAgent = 500;

export function userAgent(c: Context): string | null {
  const value = c.req.header('User-Agent');
  return value ? value.slice(0, maxUserAgent) : null;
}
