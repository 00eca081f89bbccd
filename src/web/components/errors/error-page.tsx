import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ApiError } from '../../lib/api-client';
import { focusRing } from '../ui/button';
import { cn } from '../ui/cn';

type ErrorPageProps = { title: string; message: string; children?: React.ReactNode };

export function ErrorPage({ title, message, children }: ErrorPageProps) {
  return (
    <div className="mx-auto flex max-w-5xl flex-col items-start gap-3 px-4 py-12 sm:px-6">
      <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-50">{title}</h1>
      <p className="max-w-lg text-sm text-slate-700 dark:text-slate-300">{message}</p>
      <div className="mt-2 flex flex-wrap items-center gap-4 text-sm">
        <Link
          to="/"
          className={cn(
            'rounded font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300',
            focusRing,
          )}
        >
          Back to the inbox
        </Link>
        {children}
      </div>
    </div>
  );
}

export function NotFoundPage() {
  return (
    <ErrorPage
      title="Page not found"
      message="There is nothing at this address. It may have moved, or the link may be wrong."
    />
  );
}

function describe(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) {
    if (error.status === 404) return { title: 'Not found', message: error.message };
    if (error.status === 403)
      return { title: 'Not allowed', message: 'Your role does not give access to this page.' };
    if (error.isNetworkError)
      return {
        title: 'Offline',
        message: 'Could not reach the server. Check the connection and reload.',
      };
    return { title: 'Something went wrong', message: error.message };
  }
  if (error instanceof Error) return { title: 'Something went wrong', message: error.message };
  return { title: 'Something went wrong', message: 'An unexpected error happened.' };
}

/** The route `ErrorBoundary`: a readable message and a way back, never a blank page. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const { title, message } = isRouteErrorResponse(error)
    ? { title: `Error ${error.status}`, message: error.statusText || 'The page could not load.' }
    : describe(error);
  return (
    <ErrorPage title={title} message={message}>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className={cn(
          'rounded font-medium text-slate-700 underline-offset-4 hover:underline dark:text-slate-300',
          focusRing,
        )}
      >
        Reload
      </button>
    </ErrorPage>
  );
}
