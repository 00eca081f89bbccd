import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Request, requestSchema } from '../../../../shared/requests';
import type { RunDetail } from '../../../../shared/runs';
import { api } from '../../../lib/api-client';
import { runKeys } from '../../runs/api/run-keys';

export type ClaimAction =
  | { requestId: string; action: 'claim' | 'release' }
  /** An admin hands the request to someone. */
  | { requestId: string; action: 'assign'; userId: string };

const post = (change: ClaimAction) =>
  api.post(
    `/requests/${encodeURIComponent(change.requestId)}/${change.action}`,
    change.action === 'assign' ? { userId: change.userId } : undefined,
    requestSchema,
  );

/** Claim, Release or reassign: the card shows the new assignee at once, then the run is read again. */
export function useClaim({ runId }: { runId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: post,
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
