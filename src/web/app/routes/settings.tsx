import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { meOptions } from '../../features/auth/api/get-me';
import { Section } from '../../features/settings/components/section';
import { UsersSection } from '../../features/settings/components/users-section';
import { sourceListOptions } from '../../features/sources/api/get-sources';
import { SourcesSection } from '../../features/sources/components/sources-section';

export const clientLoader = (queryClient: QueryClient) => () =>
  queryClient.ensureQueryData(sourceListOptions());

export function Component() {
  const { data: me } = useSuspenseQuery(meOptions());
  const { data: sources } = useSuspenseQuery(sourceListOptions());
  return (
    <ContentLayout title="Settings">
      <Section
        title="Sources"
        description="Where runs come from. Agents on the native API use a bearer token of the native source; agent platforms connect with their own keys, which are stored on the server and never shown again."
      >
        <SourcesSection sources={sources.items} canManage={me?.role === 'admin'} />
      </Section>
      {me?.role === 'admin' ? (
        <UsersSection />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Users and roles are managed by admins.
        </p>
      )}
    </ContentLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
