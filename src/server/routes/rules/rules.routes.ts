import { Hono } from 'hono';
import { createRuleSchema, updateRuleSchema } from '../../../shared/rules';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './rules.handlers';

export const rulesRoutes = new Hono<AppEnv>()
  .get('/rules', requireUser('viewer'), handlers.list)
  .post('/rules', requireUser('admin'), jsonBody(createRuleSchema), handlers.create)
  .patch('/rules/:id', requireUser('admin'), jsonBody(updateRuleSchema), handlers.update)
  .delete('/rules/:id', requireUser('admin'), handlers.remove);
