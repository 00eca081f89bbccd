import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ruleSchema } from '../../../../shared/rules';
import { api } from '../../../lib/api-client';
import { ruleKeys } from './rule-keys';

export const pauseRule = ({ id, paused }: { id: string; paused: boolean }) =>
  api.patch(`/rules/${encodeURIComponent(id)}`, { paused }, ruleSchema);

export function usePauseRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: pauseRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.lists() }),
  });
}
