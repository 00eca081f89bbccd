import { Hono } from 'hono';
import { roleMappingSchema } from '../../../shared/oidc';
import { openToAll, requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as flow from './oidc-flow.handlers';
import * as handlers from './oidc.handlers';

export const oidcRoutes = new Hono<AppEnv>()
  .get('/auth/methods', openToAll, handlers.methods)
  .get('/auth/oidc/start', openToAll, flow.start)
  .get('/auth/oidc/callback', openToAll, flow.callback)
  .get('/auth/oidc/settings', requireUser('admin'), handlers.getSettings)
  .put(
    '/auth/oidc/role-mapping',
    requireUser('admin'),
    jsonBody(roleMappingSchema),
    handlers.putRoleMapping,
  );
