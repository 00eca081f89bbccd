import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { slackIntegrationSchema, type PutSlackIntegration } from '../../../../shared/notifications';
import { api, apiRequest } from '../../../lib/api-client';

export const slackKeys = { integration: ['integrations', 'slack'] as const };

const slackTestResultSchema = z.object({ ok: z.boolean(), channel: z.string() });

export const slackIntegrationOptions = () =>
  queryOptions({
    queryKey: slackKeys.integration,
    queryFn: ({ signal }) => api.get('/integrations/slack', slackIntegrationSchema, signal),
  });

export function useSaveSlack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutSlackIntegration) =>
      apiRequest('/integrations/slack', slackIntegrationSchema, { method: 'PUT', body }),
    onSuccess: (view) => queryClient.setQueryData(slackKeys.integration, view),
  });
}

export function useTestSlack() {
  return useMutation({
    mutationFn: () => api.post('/integrations/slack/test', {}, slackTestResultSchema),
  });
}

export function useDisconnectSlack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/integrations/slack'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slackKeys.integration }),
  });
}

/** Where Slack sends button clicks: pasted into the Slack app's Interactivity settings. */
export const slackInteractionsUrl = (origin: string) =>
  `${origin}/api/v1/integrations/slack/interactions`;
