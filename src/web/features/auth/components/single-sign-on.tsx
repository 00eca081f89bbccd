/** What each refusal of the single sign-on callback means, and what to do about it. */
const refusals: Record<string, string> = {
  off: 'Single sign-on is not set up on this server. Sign in with your password, or ask an admin.',
  unavailable: 'The sign-on provider could not be reached. Try again in a moment, or ask an admin.',
  expired: 'That sign-in took too long or was already used. Start again with the button below.',
  provider: 'The sign-on provider did not sign you in. Start again, or ask an admin for access.',
  failed: 'The answer from the sign-on provider could not be verified. Start again.',
  unmapped:
    'Your account at the sign-on provider is in no group that has access here. Ask an admin to map one of your groups to a role.',
  disabled: 'This account is disabled. Ask an admin to enable it.',
};

export function SsoRefusal({ reason }: { reason: string | null }) {
  const message = reason && Object.hasOwn(refusals, reason) ? refusals[reason] : undefined;
  if (!message) return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      {message}
    </p>
  );
}

/** A full-page navigation: the server redirects to the provider's own sign-in page. */
export function SingleSignOnButton() {
  return (
    <a
      href="/api/v1/auth/oidc/start"
      className="inline-flex h-10 w-full items-center justify-center rounded-md border border-gray-300 bg-white px-4 text-sm font-medium text-gray-900 hover:bg-gray-50 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100 dark:hover:bg-gray-800"
    >
      Sign in with single sign-on
    </a>
  );
}
