import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { authenticateAgentToken } from '../domain/agent-tokens';
import { findSessionUser } from '../domain/sessions';
import { unauthorized } from '../lib/api-error';
import type { AppEnv } from '../http/app-env';

export const sessionCookieName = 'cs_session';

/** Resolves who is calling: an agent by bearer token, a user by session cookie, or nobody. A bad bearer token is a 401. */
export const resolvePrincipal: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, now, sessionPolicy } = c.get('deps');
  c.set('principal', null);
  const authorization = c.req.header('Authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const agent = match?.[1] ? await authenticateAgentToken(db, match[1], now()) : null;
    if (!agent) throw unauthorized('The agent token is not valid');
    c.set('principal', { type: 'agent', ...agent });
  } else {
    const token = getCookie(c, sessionCookieName);
    if (token && token.length <= 200) {
      const session = await findSessionUser(db, token, now(), sessionPolicy);
      if (session) c.set('principal', { type: 'user', ...session });
    }
  }
  await next();
};
