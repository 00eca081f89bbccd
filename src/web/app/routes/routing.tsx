import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { userListOptions } from '../../features/settings/api/get-users';
import { groupListOptions } from '../../features/teams/api/get-groups';
import { routingOptions } from '../../features/teams/api/routing';
import { GroupsPanel } from '../../features/teams/components/groups-panel';
import { RoutesEditor } from '../../features/teams/components/routes-editor';

export const clientLoader = (queryClient: QueryClient) => () =>
  Promise.all([
    queryClient.ensureQueryData(groupListOptions()),
    queryClient.ensureQueryData(routingOptions()),
    queryClient.ensureQueryData(userListOptions()),
  ]);

export function Component() {
  const { data: groups } = useSuspenseQuery(groupListOptions());
  const { data: routing } = useSuspenseQuery(routingOptions());
  const { data: users } = useSuspenseQuery(userListOptions());
  return (
    <ContentLayout
      title="Routing"
      description="Groups of people, and the routes that send each new request to one of them."
    >
      <div className="space-y-8">
        <GroupsPanel groups={groups.items} users={users.items} />
        <RoutesEditor saved={routing} groups={groups.items} />
      </div>
    </ContentLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
