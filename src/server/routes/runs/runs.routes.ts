import { Hono } from 'hono';
import {
  createEventSchema,
  createRunSchema,
  runListQuerySchema,
  updateRunSchema,
} from '../../../shared/runs';
import { requireAgent, requireUser, requireUserOrAgent } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody, queryParams } from '../../http/validators';
import { getRequestQuerySchema } from '../requests/requests.schemas';
import * as presence from './presence.handlers';
import * as handlers from './runs.handlers';

export const runsRoutes = new Hono<AppEnv>()
  .get('/runs', requireUser('viewer'), queryParams(runListQuerySchema), handlers.list)
  .post('/runs', requireAgent, jsonBody(createRunSchema), handlers.create)
  .get('/runs/:id', requireUserOrAgent, handlers.getOne)
  .get(
    '/runs/:id/groups/:group',
    requireUserOrAgent,
    queryParams(getRequestQuerySchema),
    handlers.getGroup,
  )
  .patch('/runs/:id', requireAgent, jsonBody(updateRunSchema), handlers.update)
  .post('/runs/:id/events', requireAgent, jsonBody(createEventSchema), handlers.addEvent)
  .post('/runs/:id/stop', requireUser('reviewer'), handlers.stop)
  .put('/runs/:id/presence', requireUser('viewer'), presence.viewing)
  .delete('/runs/:id/presence', requireUser('viewer'), presence.leave);
