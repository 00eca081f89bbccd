import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Request, requestSchema } from '../../../../shared/requests';
import type { RunDetail } from '../../../../shared/runs';
import { api } from '../../../lib/api-client';
import { runKeys } from './run-keys';

export const retryDelivery = (requestId: string) =>
  api.post(`/requests/${encodeURIComponent(requestId)}/retry-delivery`, undefined, requestSchema);

/** Retry now: queues a failed delivery again and shows it as pending right away. */
export function useRetryDelivery({ runId }: { runId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDelivery,
    onSuccess: (request: Request) => {
      queryClient.setQueryData<RunDetail>(
        runKeys.detail(runId),
        (detail) =>
          detail && {
            ...detail,
            requests: detail.requests.map((r) => (r.id === request.id ? request : r)),
          },
      );
      return queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) });
    },
  });
}
