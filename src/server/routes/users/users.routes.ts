import { Hono } from 'hono';
import { createUserSchema, updateUserSchema } from '../../../shared/users';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './users.handlers';

export const usersRoutes = new Hono<AppEnv>()
  .get('/users', requireUser('admin'), handlers.list)
  .post('/users', requireUser('admin'), jsonBody(createUserSchema), handlers.create)
  .patch('/users/:id', requireUser('admin'), jsonBody(updateUserSchema), handlers.update)
  .delete('/users/:id', requireUser('admin'), handlers.remove)
  .delete('/users/:id/sessions', requireUser('admin'), handlers.revokeSessions);
