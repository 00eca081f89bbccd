import { Hono } from 'hono';
import { createWebhookSchema, myNotificationsSchema } from '../../../shared/notifications';
import { openToAll, requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './notifications.handlers';

export const notificationsRoutes = new Hono<AppEnv>()
  .get('/me/notifications', requireUser(), handlers.getMine)
  .put('/me/notifications', requireUser(), jsonBody(myNotificationsSchema), handlers.putMine)
  .get('/notifications/failures', requireUser('admin'), handlers.failures)
  .get('/notifications/unsubscribe', openToAll, handlers.unsubscribePage)
  .post('/notifications/unsubscribe', openToAll, handlers.unsubscribe)
  .get('/webhooks', requireUser('admin'), handlers.listHooks)
  .post('/webhooks', requireUser('admin'), jsonBody(createWebhookSchema), handlers.createHook)
  .delete('/webhooks/:id', requireUser('admin'), handlers.deleteHook)
  .get('/webhooks/:id/deliveries', requireUser('admin'), handlers.hookDeliveries)
  .post('/webhooks/:id/deliveries/:jobId/retry', requireUser('admin'), handlers.retryDelivery);
