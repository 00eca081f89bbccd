import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Request, requestSchema } from '../../../../shared/requests';
import type { RunDetail } from '../../../../shared/runs';
import { api } from '../../../lib/api-client';
import { runKeys } from '../../runs/api/run-keys';

const post = (requestId: string, action: 'claim' | 'release') =>
  api.post(`/requests/${encodeURIComponent(requestId)}/${action}`, undefined, requestSchema);

/** Claim or Release: the card shows the new assignee at once, then the run is read again. */
export function useClaim({ runId }: { runId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, action }: { requestId: string; action: 'claim' | 'release' }) =>
      post(requestId, action),
    onSuccess: (request: Request) => {
      queryClient.setQueryData<RunDetail>(
        runKeys.detail(runId),
        (detail) =>
          detail && {
            ...detail,
            requests: detail.requests.map((r) => (r.id === request.id ? request : r)),
          },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
  });
}
