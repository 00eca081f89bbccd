import { Hono } from 'hono';
import { putSlackIntegrationSchema } from '../../../shared/notifications';
import { requireUser, signedByPlatform } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './integrations.handlers';

export const integrationsRoutes = new Hono<AppEnv>()
  .get('/integrations/slack', requireUser('admin'), handlers.getSlack)
  .put(
    '/integrations/slack',
    requireUser('admin'),
    jsonBody(putSlackIntegrationSchema),
    handlers.putSlack,
  )
  .delete('/integrations/slack', requireUser('admin'), handlers.deleteSlack)
  .post('/integrations/slack/test', requireUser('admin'), handlers.testSlack)
  .post('/integrations/slack/interactions', signedByPlatform, handlers.slackInteractions);
