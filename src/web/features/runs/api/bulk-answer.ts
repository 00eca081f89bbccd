import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BulkResponse, bulkResultsSchema } from '../../../../shared/bulk';
import { api } from '../../../lib/api-client';
import { runKeys } from './run-keys';

/** One key per bulk decision, so a resent call replays each item instead of answering it twice. */
export const bulkAnswer = ({
  body,
  idempotencyKey,
}: {
  body: BulkResponse;
  idempotencyKey: string;
}) =>
  api.post('/requests/bulk-response', body, bulkResultsSchema, {
    'Idempotency-Key': idempotencyKey,
  });

export function useBulkAnswer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkAnswer,
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
