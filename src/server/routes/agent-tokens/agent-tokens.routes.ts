import { Hono } from 'hono';
import { createAgentTokenSchema } from '../../../shared/agent-tokens';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './agent-tokens.handlers';

export const agentTokensRoutes = new Hono<AppEnv>()
  .get('/agent-tokens', requireUser('admin'), handlers.list)
  .post('/agent-tokens', requireUser('admin'), jsonBody(createAgentTokenSchema), handlers.create)
  .delete('/agent-tokens/:id', requireUser('admin'), handlers.remove);
