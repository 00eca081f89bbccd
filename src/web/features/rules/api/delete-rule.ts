import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ruleKeys } from './rule-keys';

export const deleteRule = (id: string) => api.delete(`/rules/${encodeURIComponent(id)}`);

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.lists() }),
  });
}
