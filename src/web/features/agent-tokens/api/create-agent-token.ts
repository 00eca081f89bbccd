import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateAgentToken, issuedAgentTokenSchema } from '../../../../shared/agent-tokens';
import { api } from '../../../lib/api-client';
import { agentTokenKeys } from './agent-token-keys';

export const createAgentToken = (body: CreateAgentToken) =>
  api.post('/agent-tokens', body, issuedAgentTokenSchema);

export function useCreateAgentToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAgentToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentTokenKeys.lists() }),
  });
}
