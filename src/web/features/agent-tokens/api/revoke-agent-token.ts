import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { agentTokenKeys } from './agent-token-keys';

export const revokeAgentToken = (id: string) =>
  api.delete(`/agent-tokens/${encodeURIComponent(id)}`);

export function useRevokeAgentToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeAgentToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentTokenKeys.lists() }),
  });
}
