import { Hono } from 'hono';
import { signedByPlatform } from '../../auth/guards';
import { receiveWebhook } from '../../domain/webhooks';
import type { AppEnv } from '../../http/app-env';
import { pathParam } from '../../lib/params';

/** Platform webhooks, authenticated by each platform's own signature or credentials. */
export const hooksRoutes = new Hono<AppEnv>().post(
  '/hooks/:sourceId',
  signedByPlatform,
  async (c) => {
    const deps = c.get('deps');
    const receipt = await receiveWebhook(deps, pathParam(c, 'sourceId'), {
      headers: c.req.raw.headers,
      rawBody: await c.req.text(),
      query: new URL(c.req.url).searchParams,
      receivedAt: deps.now(),
    });
    return c.json({ received: true, ...receipt }, 200);
  },
);
