import { Hono } from 'hono';
import { changePasswordSchema, signInSchema } from '../../../shared/users';
import { openToAll, requireUser } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './session.handlers';
import { createSignInLimiter } from '../../domain/sign-in-limiter';

export function createSessionRoutes() {
  const limiter = createSignInLimiter();
  return new Hono<AppEnv>()
    .post('/session', openToAll, jsonBody(signInSchema), handlers.signIn(limiter))
    .delete('/session', openToAll, handlers.signOut)
    .get('/me', requireUser('viewer'), handlers.me)
    .delete('/me/sessions', requireUser('viewer'), handlers.signOutEverywhere)
    .put(
      '/me/password',
      requireUser('viewer'),
      jsonBody(changePasswordSchema),
      handlers.changePassword(limiter),
    );
}
