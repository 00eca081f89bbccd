import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the fake provider knows: dev interactions sign in as any of these by `sub` (any password). */
export type FakeOidcUser = { sub: string; name: string; email: string; groups: string[] };

export type FakeOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
};

/**
 * A real OpenID provider (oidc-provider) on a local port, with its dev login form, PKCE required, and
 * `groups` in the ID token. Consent is granted without asking, as a company's own provider does.
 */
export async function startFakeOidcProvider(options: {
  redirectUris: string[];
  users: FakeOidcUser[];
  /** How long an ID token it issues is good for (the library's default is an hour). */
  idTokenTtlSeconds?: number;
}): Promise<FakeOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'countersign';
  const clientSecret = 'fake-provider-client-secret-0123456789';
  const people = new Map(options.users.map((u) => [u.sub, u]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true },
    ...(options.idTokenTtlSeconds ? { ttl: { IdToken: options.idTokenTtlSeconds } } : {}),
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email'],
    },
    cookies: { keys: ['fake-provider-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: unknown, sub: string) => {
      const person = people.get(sub);
      return {
        accountId: sub,
        claims: () =>
          person
            ? {
                sub,
                name: person.name,
                preferred_username: person.name,
                email: person.email,
                groups: person.groups,
              }
            : { sub },
      };
    },
    loadExistingGrant: async (ctx: {
      oidc: { client: { clientId: string }; session: { accountId: string } };
    }) => {
      const grant = new provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
