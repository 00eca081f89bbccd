import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { myNotificationsSchema, type MyNotifications } from '../../../../shared/notifications';
import { api } from '../../../lib/api-client';

const myNotificationsKey = ['me', 'notifications'] as const;

export const myNotificationsOptions = () =>
  queryOptions({
    queryKey: myNotificationsKey,
    queryFn: ({ signal }) => api.get('/me/notifications', myNotificationsSchema, signal),
  });

export function useSaveMyNotifications() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MyNotifications) => api.put('/me/notifications', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myNotificationsKey }),
  });
}
