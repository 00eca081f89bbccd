import { Hono } from 'hono';
import {
  createTeamSchema,
  routePreviewInputSchema,
  routingSchema,
  updateTeamSchema,
} from '../../../shared/teams';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './groups.handlers';

/** Groups of people and the routes that send requests to them (called teams in code). */
export const groupsRoutes = new Hono<AppEnv>()
  .get('/groups', requireUser('viewer'), handlers.list)
  .post('/groups', requireUser('admin'), jsonBody(createTeamSchema), handlers.create)
  .patch('/groups/:id', requireUser('admin'), jsonBody(updateTeamSchema), handlers.update)
  .delete('/groups/:id', requireUser('admin'), handlers.remove)
  .get('/routes', requireUser('admin'), handlers.getRouting)
  .put('/routes', requireUser('admin'), jsonBody(routingSchema), handlers.putRouting)
  .post(
    '/routes/preview',
    requireUser('admin'),
    jsonBody(routePreviewInputSchema),
    handlers.preview,
  );
