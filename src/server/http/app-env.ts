import type { Context, Handler, Input } from 'hono';
import type { User } from '../../shared/users';
import type { SessionPolicy } from '../domain/session-policy';
import type { SessionRevocations } from '../events/session-revocations';
import type { ConnectorRuntime } from '../connectors/runtime';
import type { DomainContext } from '../domain/context';
import type { Logger } from '../lib/logger';
import type { OidcConfig } from '../domain/oidc-settings';

export type Principal =
  | { type: 'user'; user: User; sessionHash: string }
  | { type: 'agent'; tokenId: string; sourceId: string };

export type AppVariables = {
  requestId: string;
  deps: DomainContext & {
    logger: Logger;
    connectors: ConnectorRuntime;
    sessionPolicy: SessionPolicy;
    revocations: SessionRevocations;
    /** Whether X-Forwarded-For (its last entry) names the client. */
    trustProxy: boolean;
    /** The Slack Web API's base address. */
    slackApiUrl: string;
    /** Single sign-on's provider and client; null when it is off. */
    oidc: OidcConfig | null;
    /** COUNTERSIGN_PUBLIC_URL, when set. */
    publicUrl: string | undefined;
    /** Whether passwords sign people in (use passwordSignInOn: it stays on without single sign-on). */
    passwordSignIn: boolean;
    /** Web Push: the configured VAPID keys (else stored ones) and whether loopback endpoints are allowed. */
    push: PushOptions;
  };
  principal: Principal | null;
  /** The CSP nonce of a page response (see static/security-headers.ts). */
  cspNonce?: string;
};

export type PushOptions = {
  vapid: { publicKey: string; privateKey: string } | undefined;
  allowLoopback: boolean;
};

export type AppEnv = { Variables: AppVariables };
export type AppContext<I extends Input = Input> = Context<AppEnv, string, I>;

/** A route handler for AppEnv; `I` is the validated input its route declares. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono types the path parameter as any for handlers defined apart from their route
export type AppHandler<I extends Input = Input> = Handler<AppEnv, any, I>;
