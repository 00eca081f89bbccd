import { Hono } from 'hono';
import { signInSchema } from '../../../shared/users';
import { requireUser } from '../../auth/guards';
import type { AppEnv } from '../../lib/app-env';
import { jsonBody } from '../../lib/validate';
import * as handlers from './session.handlers';
import { createSignInLimiter } from './sign-in-limiter';

export function createSessionRoutes() {
  return new Hono<AppEnv>()
    .post('/session', jsonBody(signInSchema), handlers.signIn(createSignInLimiter()))
    .delete('/session', handlers.signOut)
    .get('/me', requireUser('viewer'), handlers.me);
}
