import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { meOptions } from '../../auth/api/get-me';
import type { Request, RequestKind, RequestOf, ResponseFor } from '../../../../shared/requests';
import { ApiError } from '../../../lib/api-client';
import { toast } from '../../../lib/toast';
import { answerAttemptKey, isNetworkError, useAnswerRequest } from '../api/answer-request';

/** Codes after which this answer can never be sent, so its draft is worthless. */
const FINAL_CODES = new Set(['already_answered', 'expired', 'not_pending']);

type UseAnswerOptions = {
  onAnswered?: (answered: Request) => void;
  clearDraft: () => void;
};

/** A counted approval of a call that needs more approvers is not yet the answer. */
function successMessage(answered: Request): string {
  const held = answered.status === 'pending' ? answered.countersign : undefined;
  if (!held) return 'Answer sent';
  return `Approval counted: ${held.approvals.length} of ${held.required}`;
}

/** Sends one card's answer and tracks which of its buttons is sending. */
export function useAnswer<K extends RequestKind>(request: RequestOf<K>, options: UseAnswerOptions) {
  const [action, setAction] = useState<string | null>(null);
  const mutation = useAnswerRequest({ runId: request.runId });
  const { clearDraft } = options;

  // Answered elsewhere, expired or cancelled: nothing typed here can be sent any more.
  useEffect(() => {
    if (request.status !== 'pending') clearDraft();
  }, [request.status, clearDraft]);

  const queryClient = useQueryClient();
  const submit = (response: ResponseFor<K>, actionName: string) => {
    // Read when sending (not subscribed): the signed-in user is loaded before any run page shows.
    const me = queryClient.getQueryData(meOptions().queryKey);
    // Someone else claimed it: answering is allowed, but not by accident.
    const assignee = request.assignment?.assignee;
    if (
      assignee &&
      me &&
      assignee.id !== me.id &&
      !window.confirm(`${assignee.username} is on it. Answer anyway?`)
    ) {
      return;
    }
    setAction(actionName);
    mutation.mutate(
      { requestId: request.id, response, idempotencyKey: answerAttemptKey(request.id) },
      {
        onSuccess: (answered) => {
          options.clearDraft();
          toast.success(successMessage(answered));
          options.onAnswered?.(answered);
        },
        onError: (error) => {
          if (error instanceof ApiError && FINAL_CODES.has(error.code)) options.clearDraft();
        },
      },
    );
  };

  return {
    submit,
    isPending: mutation.isPending,
    isSending: (actionName: string) => mutation.isPending && action === actionName,
    error: mutation.error,
    retrying: mutation.isPending && (mutation.isPaused || isNetworkError(mutation.failureReason)),
  };
}

/** What a card's frame shows about the latest attempt. */
export type AnswerState = { error: Error | null; retrying: boolean };
