import { Hono } from 'hono';
import { pushSubscriptionInputSchema } from '../../../shared/push';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './push.handlers';

export const pushRoutes = new Hono<AppEnv>()
  .get('/push/public-key', requireUser(), handlers.publicKey)
  .get('/push/subscriptions', requireUser(), handlers.listMine)
  .post(
    '/push/subscriptions',
    requireUser(),
    jsonBody(pushSubscriptionInputSchema),
    handlers.subscribe,
  )
  .delete('/push/subscriptions/:id', requireUser(), handlers.unsubscribe);
