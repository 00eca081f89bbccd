import * as client from 'openid-client';
import type { OidcConfig } from '../domain/oidc-settings';

/** How long a person has at the provider between start and callback. */
export const oidcFlowMs = 10 * 60 * 1000;

/** What start keeps (sealed, in a cookie) for its callback. */
export type PendingSignIn = { state: string; nonce: string; verifier: string; expires: number };

const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();

/** The provider's metadata, fetched once per configuration; a failed fetch is tried again next time. */
export function providerFor(config: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(config);
  if (!found) {
    const issuer = new URL(config.issuer);
    found = client.discovery(issuer, config.clientId, config.clientSecret, undefined, {
      // A provider on plain http is only for local development and tests.
      execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      timeout: 10,
    });
    found.catch(() => discovered.delete(config));
    discovered.set(config, found);
  }
  return found;
}

export async function beginSignIn(
  config: OidcConfig,
  redirectUri: string,
  now: number,
): Promise<{ url: URL; pending: PendingSignIn }> {
  const provider = await providerFor(config);
  const pending = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    expires: now + oidcFlowMs,
  };
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

export function readPending(opened: string, now: number): PendingSignIn | null {
  try {
    const value = JSON.parse(opened) as Partial<PendingSignIn>;
    const { state, nonce, verifier, expires } = value;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string') {
      return null;
    }
    if (typeof expires !== 'number' || expires < now) return null;
    return { state, nonce, verifier, expires };
  } catch {
    return null;
  }
}

/**
 * The same provider judged by the app's clock: the ID token's expiry is checked against `now`, as every
 * other deadline here is. With the wall clock (every real deployment) it is the discovered one as is.
 */
function onClock(provider: client.Configuration, config: OidcConfig, now: number) {
  const skew = Math.round((now - Date.now()) / 1000);
  if (skew === 0) return provider;
  const judged = new client.Configuration(
    provider.serverMetadata(),
    config.clientId,
    { [client.clockSkew]: skew },
    client.ClientSecretPost(config.clientSecret),
  );
  if (new URL(config.issuer).protocol === 'http:') client.allowInsecureRequests(judged);
  judged.timeout = 10;
  return judged;
}

/** The ID token's claims once openid-client has checked state, nonce, issuer, audience and expiry. */
export async function finishSignIn(
  config: OidcConfig,
  callbackUrl: URL,
  pending: PendingSignIn,
  now: number,
): Promise<client.IDToken> {
  const provider = onClock(await providerFor(config), config, now);
  const tokens = await client.authorizationCodeGrant(provider, callbackUrl, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('The provider sent no ID token');
  return claims;
}
