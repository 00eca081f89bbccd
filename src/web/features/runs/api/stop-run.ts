import { type UseMutationOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type Run, type RunDetail, runSchema } from '../../../../shared/runs';
import { api } from '../../../lib/api-client';
import { runKeys } from './run-keys';

export const stopRun = (runId: string) =>
  api.post(`/runs/${encodeURIComponent(runId)}/stop`, undefined, runSchema);

type UseStopRunOptions = {
  runId: string;
  mutationConfig?: Omit<UseMutationOptions<Run, Error, void>, 'mutationFn'>;
};

export function useStopRun({ runId, mutationConfig }: UseStopRunOptions) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: () => stopRun(runId),
    onSuccess: (run, ...more) => {
      queryClient.setQueryData<RunDetail>(
        runKeys.detail(runId),
        (detail) => detail && { ...detail, ...run },
      );
      void queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.lists() });
      return onSuccess?.(run, ...more);
    },
  });
}
