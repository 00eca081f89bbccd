import { type UseMutationOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type AnyResponse, type Request, requestSchema } from '../../../../shared/requests';
import type { RunDetail } from '../../../../shared/runs';
import { ApiError, api } from '../../../lib/api-client';
import { answerKeyStorageKey } from '../../../lib/draft-storage';
import { runKeys } from './run-keys';

export type AnswerVariables = {
  requestId: string;
  response: AnyResponse;
  /** Stays the same across automatic retries, so the server applies the answer at most once. */
  idempotencyKey: string;
};

export const answerRequest = ({ requestId, response, idempotencyKey }: AnswerVariables) =>
  api.post(`/requests/${encodeURIComponent(requestId)}/response`, response, requestSchema, {
    'Idempotency-Key': idempotencyKey,
  });

export const isNetworkError = (error: unknown) => error instanceof ApiError && error.status === 0;

/** 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export const answerRetryDelay = (failures: number) => Math.min(1000 * 2 ** failures, 10_000);

/**
 * The idempotency key for the next attempt at answering `requestId`. It is kept (across reloads too) until the
 * server has given a definite answer, so an answer whose response was lost is never applied twice.
 */
export function answerAttemptKey(requestId: string): string {
  const stored = localStorage.getItem(answerKeyStorageKey(requestId));
  if (stored) return stored;
  const key = crypto.randomUUID();
  localStorage.setItem(answerKeyStorageKey(requestId), key);
  return key;
}

export const forgetAnswerAttemptKey = (requestId: string) =>
  localStorage.removeItem(answerKeyStorageKey(requestId));

type UseAnswerRequestOptions = {
  runId: string;
  mutationConfig?: Omit<
    UseMutationOptions<Request, Error, AnswerVariables>,
    'mutationFn' | 'retry' | 'retryDelay'
  >;
};

export function useAnswerRequest({ runId, mutationConfig }: UseAnswerRequestOptions) {
  const queryClient = useQueryClient();
  const { onSuccess, onError, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: answerRequest,
    retry: (_failures, error) => isNetworkError(error),
    retryDelay: answerRetryDelay,
    onSuccess: (answered, variables, ...more) => {
      forgetAnswerAttemptKey(variables.requestId);
      queryClient.setQueryData<RunDetail>(
        runKeys.detail(runId),
        (run) =>
          run && {
            ...run,
            requests: run.requests.map((r) => (r.id === answered.id ? answered : r)),
          },
      );
      void queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.lists() });
      return onSuccess?.(answered, variables, ...more);
    },
    onError: (error, variables, ...more) => {
      if (!isNetworkError(error)) forgetAnswerAttemptKey(variables.requestId);
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) });
        void queryClient.invalidateQueries({ queryKey: runKeys.lists() });
      }
      return onError?.(error, variables, ...more);
    },
  });
}
