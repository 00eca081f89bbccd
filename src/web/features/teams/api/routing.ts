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
  | { action: 'rename'; groupId: string; name: string }
  | { action: 'delete'; groupId: string }
  | { action: 'add' | 'remove'; groupId: string; userId: string };

/** Adds, renames or deletes a group, or adds a member to one, or takes a member out. */
export function useChangeGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: GroupChange): Promise<unknown> => {
      if (change.action === 'create') return api.post('/groups', { name: change.name }, teamSchema);
      const path = `/groups/${encodeURIComponent(change.groupId)}`;
      if (change.action === 'rename') return api.patch(path, { name: change.name }, teamSchema);
      if (change.action === 'delete') return api.delete(path);
      const key = change.action === 'add' ? 'addMemberIds' : 'removeMemberIds';
      return api.patch(path, { [key]: [change.userId] }, teamSchema);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupListOptions().queryKey }),
  });
}
