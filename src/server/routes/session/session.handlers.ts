import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { changePasswordSchema, signInSchema } from '../../../shared/users';
import { auditOrigin } from '../../auth/audit-origin';
import { currentSessionHash, currentUser } from '../../auth/guards';
import { sessionCookieName } from '../../auth/principal';
import {
  checkCredentials,
  createSession,
  endOwnSessions,
  endSession,
  recordRefusedSignIn,
} from '../../domain/sessions';
import { setOwnPassword } from '../../domain/users';
import { passwordSignInOn } from '../oidc/oidc.handlers';
import { ApiError, forbidden, invalid, unauthorized } from '../../lib/api-error';
import type { AppContext, AppHandler } from '../../http/app-env';
import { clientAddress, userAgent } from '../../http/client-address';
import { sha256 } from '../../lib/tokens';
import type { JsonInput } from '../../http/validators';
import type { SignInBlock, SignInLimiter } from '../../domain/sign-in-limiter';

function isHttps(c: AppContext): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    (c.get('deps').trustProxy && c.req.header('X-Forwarded-Proto') === 'https')
  );
}

function clearSessionCookie(c: AppContext): void {
  deleteCookie(c, sessionCookieName, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
  });
}

function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function tooManyTries(block: SignInBlock): ApiError {
  const who = block.scope === 'user' ? 'for this username' : 'from your network address';
  return new ApiError(
    429,
    'rate_limited',
    `Too many failed sign-ins ${who}. Try again in ${inWords(block.retryAfterSeconds)}.`,
    { retryAfterSeconds: block.retryAfterSeconds },
    { 'Retry-After': String(block.retryAfterSeconds) },
  );
}

export function signIn(limiter: SignInLimiter): AppHandler<JsonInput<typeof signInSchema>> {
  return async (c) => {
    const deps = c.get('deps');
    const { db, now, sessionPolicy, revocations } = deps;
    const { username, password } = c.req.valid('json');
    if (!passwordSignInOn(deps)) {
      throw forbidden('Password sign-in is turned off here. Use single sign-on.');
    }
    const key = username.toLowerCase();
    const ip = clientAddress(c, deps.trustProxy);
    // Counted before the slow hash, so guesses sent together cannot all pass the limit.
    const block = await limiter.reserve(db, key, ip, now().getTime());
    if (block) throw tooManyTries(block);

    const user = await checkCredentials(db, username, password);
    // The right password for a disabled account is no failed guess, as it was before tries were counted first.
    if (user) await limiter.succeed(db, key, ip);
    if (!user || user.disabled) {
      await recordRefusedSignIn(deps, auditOrigin(c, username), username, user);
      if (user) throw forbidden('This account is disabled. Ask an admin to enable it.');
      throw unauthorized('Wrong username or password');
    }

    // A new token on every sign-in; the one the browser held before (if any) ends with it.
    const previous = getCookie(c, sessionCookieName);
    const replaces = previous && previous.length <= 200 ? sha256(previous) : undefined;
    const token = await createSession(deps, user, sessionPolicy, {
      client: { ip, userAgent: userAgent(c) },
      origin: { ...auditOrigin(c, user.username), actorId: user.id },
      replaces,
    });
    // The password changed (or the account was disabled) while it was being checked.
    if (token === null) throw unauthorized('Wrong username or password');
    if (replaces) revocations.revoke([replaces]);
    setCookie(c, sessionCookieName, token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c),
      maxAge: Math.floor(sessionPolicy.maxMs / 1000),
    });
    return c.json({ id: user.id, username: user.username, role: user.role }, 200);
  };
}

export const signOut: AppHandler = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  if (principal?.type === 'user') {
    await endSession(deps, principal.sessionHash, principal.user, auditOrigin(c));
    deps.revocations.revoke([principal.sessionHash]);
  }
  clearSessionCookie(c);
  return c.body(null, 204);
};

export const me: AppHandler = async (c) => c.json(currentUser(c), 200);

export const signOutEverywhere: AppHandler = async (c) => {
  const deps = c.get('deps');
  const revoked = await endOwnSessions(deps, currentUser(c), auditOrigin(c));
  deps.revocations.revoke(revoked);
  clearSessionCookie(c);
  return c.body(null, 204);
};

export function changePassword(
  limiter: SignInLimiter,
): AppHandler<JsonInput<typeof changePasswordSchema>> {
  return async (c) => {
    const deps = c.get('deps');
    const user = currentUser(c);
    const { currentPassword, newPassword } = c.req.valid('json');
    const key = user.username.toLowerCase();
    const ip = clientAddress(c, deps.trustProxy);
    const block = await limiter.reserve(deps.db, key, ip, deps.now().getTime());
    if (block) throw tooManyTries(block);
    if (!(await checkCredentials(deps.db, user.username, currentPassword))) {
      throw invalid({ currentPassword: 'This is not your current password' });
    }
    await limiter.succeed(deps.db, key, ip);
    if (newPassword === currentPassword) {
      throw invalid({ newPassword: 'Choose a password different from the current one' });
    }
    const revoked = await setOwnPassword(
      deps,
      user,
      newPassword,
      currentSessionHash(c),
      auditOrigin(c),
    );
    deps.revocations.revoke(revoked);
    return c.body(null, 204);
  };
}
