import { Hono } from 'hono';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import * as handlers from './audit.handlers';

export const auditRoutes = new Hono<AppEnv>()
  .get('/audit', requireUser('admin'), handlers.list)
  .get('/audit.csv', requireUser('admin'), handlers.exportCsv)
  .get('/audit/export', requireUser('admin'), handlers.exportChain);
