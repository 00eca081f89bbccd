import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateRule, ruleSchema } from '../../../../shared/rules';
import { api } from '../../../lib/api-client';
import { ruleKeys } from './rule-keys';

export const createRule = (body: CreateRule) => api.post('/rules', body, ruleSchema);

export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.lists() }),
  });
}
