import { Hono } from 'hono';
import { roleMappingSchema } from '../../../shared/oidc';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './oidc.handlers';

export const oidcRoutes = new Hono<AppEnv>()
  .get('/auth/oidc/settings', requireUser('admin'), handlers.getSettings)
  .put(
    '/auth/oidc/role-mapping',
    requireUser('admin'),
    jsonBody(roleMappingSchema),
    handlers.putRoleMapping,
  );
