import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { redirect, useNavigate, useSearchParams } from 'react-router';
import { RouteErrorPage } from '../../components/errors/error-page';
import { AuthLayout } from '../../components/layouts/auth-layout';
import { meOptions } from '../../features/auth/api/get-me';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { SingleSignOnButton, SsoRefusal } from '../../features/auth/components/single-sign-on';
import { signInMethodsOptions } from '../../features/auth/api/get-sign-in-methods';
import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Only same-origin paths, so a crafted link cannot send people elsewhere after signing in. */
export function safeRedirect(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
    return '/';
  return target;
}

export const clientLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    const me = await queryClient.ensureQueryData(meOptions()).catch(() => null);
    if (me) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
    return null;
  };

export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const methods = useQuery(signInMethodsOptions());
  useDocumentTitle('Sign in · Countersign');
  return (
    <AuthLayout>
      <div className="flex flex-col gap-4">
        <SsoRefusal reason={params.get('sso')} />
        {methods.data?.oidc && <SingleSignOnButton />}
        {(methods.data?.password ?? true) && (
          <SignInForm
            onSuccess={() => navigate(safeRedirect(params.get('redirectTo')), { replace: true })}
          />
        )}
      </div>
    </AuthLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
