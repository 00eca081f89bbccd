import type { QueryClient } from '@tanstack/react-query';
import { useInfiniteQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { LoaderFunctionArgs } from 'react-router';
import { Navigate, Outlet, redirect, useLocation } from 'react-router';
import type { User } from '../../../shared/users';
import { RouteErrorPage } from '../../components/errors/error-page';
import { AppLayout, type NavItem } from '../../components/layouts/app-layout';
import { focusRing } from '../../components/ui/button';
import { cn } from '../../components/ui/cn';
import { paths } from '../../config/paths';
import { authKeys } from '../../features/auth/api/auth-keys';
import { meOptions } from '../../features/auth/api/get-me';
import { useSignOut } from '../../features/auth/api/sign-out';
import { inboxFilters, runListOptions } from '../../features/runs/api/get-runs';
import { DesktopNotificationsButton } from '../../features/desktop-notifications/components/desktop-notifications-button';
import { useDesktopNotifications } from '../../features/desktop-notifications/hooks/use-desktop-notifications';
import { useFaviconCount } from '../../features/desktop-notifications/hooks/use-favicon-count';
import { ThemeToggle } from '../../features/theme/components/theme-toggle';
import { useDocumentTitle } from '../../lib/use-document-title';
import { loadChunk } from '../../lib/load-chunk';
import { useHotkeys } from '../../lib/use-hotkeys';
import { type LiveStatus, useLiveUpdates } from '../live-updates';

const ShortcutsDialog = lazy(() =>
  loadChunk(() => import('../../features/shortcuts/components/shortcuts-dialog')).then((m) => ({
    default: m.ShortcutsDialog,
  })),
);

export const clientLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    // The inbox list is fetched alongside who-am-I rather than after it: one round trip instead of two
    // on the landing page. Signed out, it fails with 401 and is dropped with the sign-in redirect.
    void queryClient.prefetchInfiniteQuery(runListOptions(inboxFilters()));
    const me = await queryClient.ensureQueryData(meOptions());
    if (!me) {
      const url = new URL(request.url);
      const here = url.pathname + url.search;
      throw redirect(paths.signIn.getHref(here === '/' ? null : here));
    }
    return null;
  };

/** How many runs wait, from the unfiltered inbox list: `12`, or `200+` while more pages remain. */
function useWaitingCount(): string | null {
  const { data, hasNextPage } = useInfiniteQuery(runListOptions(inboxFilters()));
  if (!data) return null;
  const count = data.pages.reduce((sum, page) => sum + page.items.length, 0);
  if (count === 0) return null;
  return hasNextPage ? `${count}+` : String(count);
}

function pageName(pathname: string): string {
  if (pathname === paths.inbox.path) return 'Inbox';
  if (pathname.startsWith('/runs/')) return 'Run';
  if (pathname === paths.history.path) return 'History';
  if (pathname === paths.rules.path) return 'Rules';
  if (pathname === paths.settings.path) return 'Settings';
  if (pathname === paths.audit.path) return 'Audit';
  if (pathname === paths.routing.path) return 'Routing';
  return 'Not found';
}

const liveLabels: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Polling',
  offline: 'Offline',
};

function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span
      role="status"
      className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400"
    >
      <span
        aria-hidden="true"
        className={cn(
          'size-2 rounded-full',
          status === 'live' && 'bg-emerald-500',
          status === 'reconnecting' && 'animate-pulse bg-amber-500',
          status === 'offline' && 'bg-red-600',
          (status === 'connecting' || status === 'polling') && 'bg-slate-400',
        )}
      />
      <span className="sr-only sm:not-sr-only">{liveLabels[status]}</span>
    </span>
  );
}

function SignedInApp({ user }: { user: User }) {
  const { pathname } = useLocation();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const desktop = useDesktopNotifications(user.id);
  const live = useLiveUpdates((event) => void desktop.onStreamEvent(event));
  const waiting = useWaitingCount();
  useFaviconCount(waiting);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useHotkeys({ '?': () => setShortcutsOpen(true) });
  useDocumentTitle(`${waiting ? `(${waiting}) ` : ''}${pageName(pathname)} · Countersign`);

  const nav: NavItem[] = [
    { to: paths.inbox.path, label: 'Inbox', count: waiting ?? undefined, end: true },
    { to: paths.history.path, label: 'History' },
    { to: paths.rules.path, label: 'Rules' },
    { to: paths.settings.path, label: 'Settings' },
    ...(user.role === 'admin' ? [{ to: paths.audit.path, label: 'Audit' }] : []),
  ];
  const tools = (
    <>
      <LiveIndicator status={live} />
      <DesktopNotificationsButton
        state={desktop.state}
        onTurnOn={() => void desktop.turnOn()}
        onTurnOff={desktop.turnOff}
      />
      <ThemeToggle />
      <button
        type="button"
        onClick={() => setShortcutsOpen(true)}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        className={cn(
          'hidden size-8 items-center justify-center rounded-md text-sm font-semibold text-slate-600 hover:bg-slate-100 hover:text-slate-900 sm:inline-flex dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100',
          focusRing,
        )}
      >
        ?
      </button>
    </>
  );

  return (
    <AppLayout
      nav={nav}
      user={user}
      tools={tools}
      onSignOut={() => {
        // Leave the signed-in screens first, so nothing refetches (and meets a 401) once the cache is cleared.
        queryClient.setQueryData(authKeys.me(), null);
        signOut.mutate();
      }}
      isSigningOut={signOut.isPending}
    >
      <Outlet />
      {shortcutsOpen && (
        <Suspense fallback={null}>
          <ShortcutsDialog open onOpenChange={setShortcutsOpen} />
        </Suspense>
      )}
    </AppLayout>
  );
}

export function Component() {
  const { data: me } = useSuspenseQuery(meOptions());
  if (!me) return <Navigate to={paths.signIn.getHref()} replace />;
  return <SignedInApp user={me} />;
}

export const ErrorBoundary = RouteErrorPage;
