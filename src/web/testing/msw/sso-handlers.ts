import { http, HttpResponse } from 'msw';
import { issuesToDetails } from '../../../shared/errors';
import { roleMappingSchema, type OidcSettings } from '../../../shared/oidc';

const api = (path: string) => `*/api/v1${path}`;

const configured: OidcSettings = {
  configured: true,
  issuer: 'https://login.example.com/realms/acme',
  clientId: 'countersign',
  redirectUri: 'https://countersign.example.com/api/v1/auth/oidc/callback',
  groupsClaim: 'groups',
  mapping: [],
};

/** Single sign-on settings as the server keeps them; reset with `ssoDb.reset()`. */
export const ssoDb = {
  settings: structuredClone(configured),
  saves: [] as unknown[],
  /** Set to make the next save fail as the server would, with this status and error. */
  refuseNext: null as null | { status: number; code: string; message: string },
  configured,
  reset() {
    this.settings = structuredClone(configured);
    this.saves = [];
    this.refuseNext = null;
  },
};

export const ssoHandlers = [
  http.get(api('/auth/oidc/settings'), () => HttpResponse.json(ssoDb.settings)),
  http.put(api('/auth/oidc/role-mapping'), async ({ request }) => {
    const body = await request.json();
    ssoDb.saves.push(body);
    const refusal = ssoDb.refuseNext;
    if (refusal) {
      ssoDb.refuseNext = null;
      return HttpResponse.json(
        { error: { code: refusal.code, message: refusal.message } },
        { status: refusal.status },
      );
    }
    const parsed = roleMappingSchema.safeParse(body);
    if (!parsed.success) {
      return HttpResponse.json(
        {
          error: {
            code: 'invalid',
            message: 'Some fields are invalid',
            details: issuesToDetails(parsed.error.issues),
          },
        },
        { status: 422 },
      );
    }
    ssoDb.settings = { ...ssoDb.settings, mapping: parsed.data.mapping };
    return HttpResponse.json(ssoDb.settings);
  }),
];
