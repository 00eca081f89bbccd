import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { listSchema } from '../../../../shared/common';
import {
  notificationJobSchema,
  webhookSchema,
  type CreateWebhook,
} from '../../../../shared/notifications';
import { api, apiRequest } from '../../../lib/api-client';

export const webhookKeys = {
  all: ['webhooks'] as const,
  lists: () => [...webhookKeys.all, 'list'] as const,
  deliveries: (id: string) => [...webhookKeys.all, 'deliveries', id] as const,
  failures: () => [...webhookKeys.all, 'failures'] as const,
};

const webhookListSchema = listSchema(webhookSchema);
const jobListSchema = listSchema(notificationJobSchema);
export const createdWebhookSchema = z.extend(webhookSchema, { secret: z.string() });
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookListOptions = () =>
  queryOptions({
    queryKey: webhookKeys.lists(),
    queryFn: ({ signal }) => api.get('/webhooks', webhookListSchema, signal),
  });

export const webhookDeliveriesOptions = (id: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ signal }) =>
      api.get(`/webhooks/${encodeURIComponent(id)}/deliveries`, jobListSchema, signal),
  });

export const notificationFailuresOptions = () =>
  queryOptions({
    queryKey: webhookKeys.failures(),
    queryFn: ({ signal }) => api.get('/notifications/failures', jobListSchema, signal),
  });

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhook) => api.post('/webhooks', body, createdWebhookSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.lists() }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/webhooks/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useRetryWebhookDelivery(webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) =>
      apiRequest(
        `/webhooks/${encodeURIComponent(webhookId)}/deliveries/${encodeURIComponent(jobId)}/retry`,
        null,
        { method: 'POST', body: {} },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}
