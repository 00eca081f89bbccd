import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sourceSchema, type UpdateSource } from '../../../../shared/sources';
import { api } from '../../../lib/api-client';
import { sourceKeys } from './source-keys';

export const updateSource = (id: string, body: UpdateSource) =>
  api.patch(`/sources/${encodeURIComponent(id)}`, body, sourceSchema);

export function useUpdateSource(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSource) => updateSource(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
  });
}
