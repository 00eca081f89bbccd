import { Link, NavLink } from 'react-router';
import type { User } from '../../../shared/users';
import { Button, focusRing } from '../ui/button';
import { cn } from '../ui/cn';
import { Logo } from './logo';

export type NavItem = { to: string; label: string; count?: string; end?: boolean };

type AppLayoutProps = {
  nav: NavItem[];
  user: User;
  /** Small status and controls for the header's right side: live status, theme, shortcuts. */
  tools: React.ReactNode;
  onSignOut: () => void;
  isSigningOut: boolean;
  children: React.ReactNode;
};

const roleLabels: Record<User['role'], string> = {
  viewer: 'Viewer',
  reviewer: 'Reviewer',
  admin: 'Admin',
};

export function AppLayout({ nav, user, tools, onSignOut, isSigningOut, children }: AppLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-white dark:bg-slate-950">
      <a
        href="#main"
        className="sr-only rounded bg-indigo-600 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 sm:gap-x-4 sm:px-6">
          <Link
            to="/"
            className={cn(
              'flex items-center gap-2 rounded font-semibold text-slate-900 dark:text-slate-50',
              focusRing,
            )}
          >
            <Logo className="size-6" />
            Countersign
          </Link>
          <nav
            aria-label="Main"
            className="order-last -mx-1 flex w-full gap-1 overflow-x-auto sm:order-none sm:mx-0 sm:w-auto"
          >
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  cn(
                    'flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap',
                    focusRing,
                    isActive
                      ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-50'
                      : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-900 dark:hover:text-slate-100',
                  )
                }
              >
                {item.label}
                {item.count && (
                  <>
                    <span
                      aria-hidden="true"
                      className="rounded-full bg-indigo-600 px-1.5 text-xs leading-5 font-semibold text-white"
                    >
                      {item.count}
                    </span>
                    <span className="sr-only">({item.count} waiting)</span>
                  </>
                )}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2 sm:gap-3">
            {tools}
            <span className="max-w-28 truncate text-sm text-slate-600 sm:max-w-none dark:text-slate-400">
              <span className="font-medium text-slate-900 dark:text-slate-100">
                {user.username}
              </span>
              <span className="hidden md:inline"> · {roleLabels[user.role]}</span>
            </span>
            <Button variant="ghost" size="sm" onClick={onSignOut} isLoading={isSigningOut}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
