import { Hono } from 'hono';
import { createSourceSchema, updateSourceSchema } from '../../../shared/sources';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './sources.handlers';

export const sourcesRoutes = new Hono<AppEnv>()
  .get('/sources', requireUser('viewer'), handlers.list)
  .post('/sources', requireUser('admin'), jsonBody(createSourceSchema), handlers.create)
  .patch('/sources/:id', requireUser('admin'), jsonBody(updateSourceSchema), handlers.update)
  .delete('/sources/:id', requireUser('admin'), handlers.remove)
  .post('/sources/:id/test', requireUser('admin'), handlers.test)
  .post('/sources/:id/poll', requireUser('admin'), handlers.poll);
