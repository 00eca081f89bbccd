import type { OidcSettings } from '../../../../shared/oidc';
import { CopyField } from '../../../components/ui/copy-field';

const muted = 'text-sm text-slate-600 dark:text-slate-400';
const code = 'rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800';

/** The provider this server is set up for (never the client secret), and how people may sign in. */
export function SsoStatus({
  settings,
  passwordSignIn,
}: {
  settings: OidcSettings;
  passwordSignIn: boolean | undefined;
}) {
  return (
    <div className="flex flex-col gap-4">
      {settings.configured ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
          <Row term="Status">
            <span className="font-medium text-green-800 dark:text-green-300">Configured</span>
          </Row>
          <Row term="Issuer">
            <span className="font-mono text-xs break-all">{settings.issuer}</span>
          </Row>
          <Row term="Client ID">
            <span className="font-mono text-xs break-all">{settings.clientId}</span>
          </Row>
          <Row term="Client secret">
            <span className={muted}>Set on the server; never shown.</span>
          </Row>
          <Row term="Groups claim">
            <span className="font-mono text-xs break-all">{settings.groupsClaim}</span>
          </Row>
        </dl>
      ) : (
        <p className={muted}>
          <span className="font-medium text-slate-900 dark:text-slate-100">Not configured.</span>{' '}
          Set <code className={code}>COUNTERSIGN_OIDC_ISSUER</code>,{' '}
          <code className={code}>COUNTERSIGN_OIDC_CLIENT_ID</code> and{' '}
          <code className={code}>COUNTERSIGN_OIDC_CLIENT_SECRET</code> on the server and restart it;
          the sign-in page then offers single sign-on.
        </p>
      )}
      <CopyField
        id="sso-redirect-uri"
        label="Redirect URL"
        copies="redirect url"
        hint="Register this at the provider as the redirect (callback) URI of the Countersign client."
        value={settings.redirectUri}
      />
      {passwordSignIn !== undefined && (
        <PasswordSignIn on={passwordSignIn} configured={settings.configured} />
      )}
    </div>
  );
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-800 dark:text-slate-200">{term}</dt>
      <dd className="min-w-0 text-slate-900 dark:text-slate-100">{children}</dd>
    </>
  );
}

function PasswordSignIn({ on, configured }: { on: boolean; configured: boolean }) {
  return (
    <div className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
      <p className="font-medium text-slate-900 dark:text-slate-100">
        Password sign-in: {on ? 'on' : 'off'}
      </p>
      {on ? (
        configured && (
          <p className={`mt-1 ${muted}`}>
            To leave only single sign-on, set{' '}
            <code className={code}>COUNTERSIGN_PASSWORD_SIGN_IN=false</code> and restart.
          </p>
        )
      ) : (
        <p className={`mt-1 ${muted}`}>
          Only single sign-on signs people in. If the provider is down or the mapping locks every
          admin out, restart with <code className={code}>COUNTERSIGN_PASSWORD_SIGN_IN=true</code>{' '}
          and sign in as an admin with their password (the first admin&apos;s is the one from the
          first start).
        </p>
      )}
    </div>
  );
}
