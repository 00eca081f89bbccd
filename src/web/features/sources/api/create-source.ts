import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateSource, sourceSchema } from '../../../../shared/sources';
import { api } from '../../../lib/api-client';
import { sourceKeys } from './source-keys';

export const createSource = (body: CreateSource) => api.post('/sources', body, sourceSchema);

export function useCreateSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSource,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
  });
}
