import { deleteCookie, setCookie } from 'hono/cookie';
import type { signInSchema } from '../../../shared/users';
import { sessionCookieName } from '../../auth/principal';
import { currentUser } from '../../auth/guards';
import {
  checkCredentials,
  createSession,
  deleteSession,
  sessionLifetimeMs,
} from '../../domain/sessions';
import { ApiError, unauthorized } from '../../lib/api-error';
import type { AppContext, AppHandler } from '../../lib/app-env';
import type { JsonInput } from '../../lib/validate';
import type { SignInLimiter } from './sign-in-limiter';

function isHttps(c: AppContext): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('X-Forwarded-Proto') === 'https';
}

export function signIn(signInLimiter: SignInLimiter): AppHandler<JsonInput<typeof signInSchema>> {
  return async (c) => {
    const { db, now } = c.get('deps');
    const { username, password } = c.req.valid('json');
    const key = username.toLowerCase();
    if (!signInLimiter.allowed(key, now().getTime())) {
      throw new ApiError(
        429,
        'rate_limited',
        'Too many failed sign-ins; try again in a few minutes',
      );
    }
    const user = await checkCredentials(db, username, password);
    if (!user) {
      signInLimiter.fail(key, now().getTime());
      throw unauthorized('Wrong username or password');
    }
    signInLimiter.reset(key);
    const token = await createSession(db, user.id, now());
    setCookie(c, sessionCookieName, token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c),
      maxAge: Math.floor(sessionLifetimeMs / 1000),
    });
    return c.json(user, 200);
  };
}

export const signOut: AppHandler = async (c) => {
  const principal = c.get('principal');
  if (principal?.type === 'user') await deleteSession(c.get('deps').db, principal.sessionHash);
  deleteCookie(c, sessionCookieName, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
  });
  return c.body(null, 204);
};

export const me: AppHandler = async (c) => c.json(currentUser(c), 200);
