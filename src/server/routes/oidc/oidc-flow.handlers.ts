import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { auditOrigin } from '../../auth/audit-origin';
import { beginSignIn, finishSignIn, oidcFlowMs, readPending } from '../../auth/oidc-flow';
import { sessionCookieName } from '../../auth/principal';
import { readRoleMapping, roleForGroups } from '../../domain/oidc-settings';
import { upsertOidcUser } from '../../domain/oidc-users';
import { createSession } from '../../domain/sessions';
import type { AppContext, AppHandler } from '../../http/app-env';
import { clientAddress, userAgent } from '../../http/client-address';
import { sha256 } from '../../lib/tokens';
import { redirectUri } from './oidc.handlers';

const pendingCookie = 'cs_oidc';
const pendingPath = '/api/v1/auth/oidc';

/** Why a single sign-on ended on the sign-in page; the page says what happened and what to do. */
export type SsoRefusal =
  'off' | 'unavailable' | 'expired' | 'provider' | 'failed' | 'unmapped' | 'disabled';

function isHttps(c: AppContext): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    (c.get('deps').trustProxy && c.req.header('X-Forwarded-Proto') === 'https')
  );
}

function refuse(c: AppContext, reason: SsoRefusal, detail?: unknown): Response {
  const message = detail instanceof Error ? `${detail.name}: ${detail.message}` : undefined;
  c.get('deps').logger.warn('Single sign-on refused', { reason, ...(message ? { message } : {}) });
  return c.redirect(`/sign-in?sso=${reason}`, 303);
}

export const start: AppHandler = async (c) => {
  const deps = c.get('deps');
  if (!deps.oidc) return refuse(c, 'off');
  let begun;
  try {
    begun = await beginSignIn(deps.oidc, redirectUri(c), deps.now().getTime());
  } catch (error) {
    return refuse(c, 'unavailable', error);
  }
  // Lax, not Strict: the provider's redirect back is a navigation from another site.
  setCookie(c, pendingCookie, deps.connectors.secrets.seal(JSON.stringify(begun.pending)), {
    httpOnly: true,
    sameSite: 'Lax',
    path: pendingPath,
    secure: isHttps(c),
    maxAge: Math.floor(oidcFlowMs / 1000),
  });
  return c.redirect(begun.url.toString(), 302);
};

export const callback: AppHandler = async (c) => {
  const deps = c.get('deps');
  if (!deps.oidc) return refuse(c, 'off');
  const sealed = getCookie(c, pendingCookie);
  // Each start is good for one callback: a second one (a replayed code) finds nothing.
  deleteCookie(c, pendingCookie, { path: pendingPath, secure: isHttps(c), httpOnly: true });
  if (c.req.query('error')) return refuse(c, 'provider');
  let opened: string | null = null;
  try {
    opened = sealed && sealed.length <= 4000 ? deps.connectors.secrets.open(sealed) : null;
  } catch {
    opened = null;
  }
  const pending = opened ? readPending(opened, deps.now().getTime()) : null;
  if (!pending) return refuse(c, 'expired');

  const callbackUrl = new URL(redirectUri(c));
  callbackUrl.search = new URL(c.req.url).search;
  let claims;
  try {
    claims = await finishSignIn(deps.oidc, callbackUrl, pending, deps.now().getTime());
  } catch (error) {
    return refuse(c, 'failed', error);
  }
  const role = roleForGroups(await readRoleMapping(deps.db), claims[deps.oidc.groupsClaim]);
  if (!role) return refuse(c, 'unmapped');

  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const user = await upsertOidcUser(
    deps,
    {
      issuer: claims.iss,
      subject: claims.sub,
      name: text(claims.preferred_username) ?? text(claims.name),
      email: text(claims.email),
    },
    role,
    { ip: clientAddress(c, deps.trustProxy), userAgent: userAgent(c) },
  );
  if (user.disabled) return refuse(c, 'disabled');

  const previous = getCookie(c, sessionCookieName);
  const replaces = previous && previous.length <= 200 ? sha256(previous) : undefined;
  const token = await createSession(deps, user, deps.sessionPolicy, {
    client: { ip: clientAddress(c, deps.trustProxy), userAgent: userAgent(c) },
    origin: { ...auditOrigin(c, user.username), actorId: user.id },
    replaces,
  });
  if (token === null) return refuse(c, 'disabled');
  if (replaces) deps.revocations.revoke([replaces]);
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.floor(deps.sessionPolicy.maxMs / 1000),
  });
  return c.redirect('/', 303);
};
