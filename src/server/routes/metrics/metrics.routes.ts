import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/app-env';
import { ApiError, notFound } from '../../lib/api-error';
import type { Metrics } from '../../metrics/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` in Prometheus' text format, for a scraper holding `Authorization: Bearer <token>`.
 * Without a configured token the endpoint does not exist (404, like any unknown path), so a server
 * nobody set up for scraping shows nothing of itself.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  const expected = token === undefined ? null : digest(token);
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    if (!expected) throw notFound('Page');
    const header = c.req.header('Authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(given), expected)) {
      throw new ApiError(
        401,
        'unauthorized',
        'Send the metrics token as a bearer token',
        undefined,
        {
          'WWW-Authenticate': 'Bearer realm="metrics"',
        },
      );
    }
    const { text, contentType } = await metrics.scrape();
    return c.body(text, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
}
