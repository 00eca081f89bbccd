import { queryOptions } from '@tanstack/react-query';
import { agentTokenSchema } from '../../../../shared/agent-tokens';
import { listSchema } from '../../../../shared/common';
import { api } from '../../../lib/api-client';
import { agentTokenKeys } from './agent-token-keys';

const agentTokenListSchema = listSchema(agentTokenSchema);

export const getAgentTokens = (signal?: AbortSignal) =>
  api.get('/agent-tokens', agentTokenListSchema, signal);

export const agentTokenListOptions = () =>
  queryOptions({
    queryKey: agentTokenKeys.lists(),
    queryFn: ({ signal }) => getAgentTokens(signal),
  });
