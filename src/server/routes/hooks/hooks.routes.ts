import { Hono } from 'hono';
import { notFound, unauthorized } from '../../lib/api-error';
import type { AppEnv } from '../../lib/app-env';

/**
 * Platform webhooks. No connector accepts pushes yet, so a known source refuses every push as
 * unauthenticated, as PRODUCT.md requires of anything a connector cannot verify.
 */
export const hooksRoutes = new Hono<AppEnv>().post('/hooks/:sourceId', async (c) => {
  const source = await c
    .get('deps')
    .db.selectFrom('sources')
    .select('id')
    .where('id', '=', c.req.param('sourceId'))
    .executeTakeFirst();
  if (!source) throw notFound('Source');
  throw unauthorized('This source does not accept webhooks');
});
