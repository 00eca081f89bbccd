import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type RouteExample,
  type Routing,
  routePreviewSchema,
  routingSchema,
  teamSchema,
} from '../../../../shared/teams';
import { api } from '../../../lib/api-client';
import { groupListOptions } from './get-groups';

export const routingOptions = () =>
  queryOptions({
    queryKey: ['routing'],
    queryFn: ({ signal }) => api.get('/routes', routingSchema, signal),
  });

export const previewRoute = (routing: Routing, example: RouteExample) =>
  api.post('/routes/preview', { routing, example }, routePreviewSchema);

export function useSaveRouting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (routing: Routing) => api.put('/routes', routing),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: routingOptions().queryKey }),
  });
}

type GroupChange =
  | { action: 'create'; name: string }
  | { action: 'add' | 'remove'; groupId: string; userId: string };

/** Adds a group, or a member to one, or takes a member out. */
export function useChangeGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: GroupChange) => {
      if (change.action === 'create') return api.post('/groups', { name: change.name }, teamSchema);
      const key = change.action === 'add' ? 'addMemberIds' : 'removeMemberIds';
      return api.patch(
        `/groups/${encodeURIComponent(change.groupId)}`,
        { [key]: [change.userId] },
        teamSchema,
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupListOptions().queryKey }),
  });
}
