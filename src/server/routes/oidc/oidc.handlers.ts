import { oidcCallbackPath, type OidcSettings, type roleMappingSchema } from '../../../shared/oidc';
import { auditOrigin } from '../../auth/audit-origin';
import { readRoleMapping, saveRoleMapping } from '../../domain/oidc-settings';
import type { AppContext, AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';

/** Where the provider sends people back: under the public URL when set, else this request's origin. */
export function redirectUri(c: AppContext): string {
  const base = c.get('deps').publicUrl ?? new URL(c.req.url).origin;
  return new URL(oidcCallbackPath, base.endsWith('/') ? base : `${base}/`).toString();
}

/** Off only with single sign-on configured: turning passwords off without it would lock everyone out. */
export function passwordSignInOn(deps: { oidc: unknown; passwordSignIn: boolean }): boolean {
  return deps.passwordSignIn || deps.oidc === null;
}

/** What the sign-in page offers; open to all, as the page is shown before anyone is signed in. */
export const methods: AppHandler = (c) => {
  const deps = c.get('deps');
  return c.json({ password: passwordSignInOn(deps), oidc: deps.oidc !== null }, 200);
};

async function settingsOf(c: AppContext): Promise<OidcSettings> {
  const { db, oidc } = c.get('deps');
  return {
    configured: oidc !== null,
    issuer: oidc?.issuer ?? null,
    clientId: oidc?.clientId ?? null,
    redirectUri: redirectUri(c),
    groupsClaim: oidc?.groupsClaim ?? 'groups',
    mapping: await readRoleMapping(db),
  };
}

export const getSettings: AppHandler = async (c) => c.json(await settingsOf(c), 200);

export const putRoleMapping: AppHandler<JsonInput<typeof roleMappingSchema>> = async (c) => {
  await saveRoleMapping(c.get('deps'), c.req.valid('json').mapping, auditOrigin(c));
  return c.json(await settingsOf(c), 200);
};
