import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { sourceKeys } from './source-keys';

export const deleteSource = (id: string) => api.delete(`/sources/${encodeURIComponent(id)}`);

export function useDeleteSource(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteSource(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
  });
}
