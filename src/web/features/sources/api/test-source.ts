import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sourceTestResultSchema } from '../../../../shared/sources';
import { api } from '../../../lib/api-client';
import { sourceKeys } from './source-keys';

export const testSource = (id: string) =>
  api.post(`/sources/${encodeURIComponent(id)}/test`, undefined, sourceTestResultSchema);

/** Tests the connection; the list refetches because the source's health changed with it. */
export function useTestSource(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => testSource(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
  });
}
