import type { Request } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { useRetryDelivery } from '../api/retry-delivery';
import { useDeliveryHold } from './delivery-hold';
import { usePendingInGroup } from './group-progress';

type DeliveryStatusProps = { request: Request; canRetry: boolean };

function describe(delivery: Request['delivery']): string {
  if (delivery.status === 'delivered') return 'Delivered to the agent';
  if (delivery.status === 'failed') return 'Delivery failed';
  return delivery.attempts > 0 ? 'Not yet delivered; retrying' : 'Not yet delivered to the agent';
}

/** Where the answer is on its way back to the agent: delivered, retrying after an error, or failed. */
export function DeliveryStatus({ request, canRetry }: DeliveryStatusProps) {
  const retry = useRetryDelivery({ runId: request.runId });
  const hold = useDeliveryHold();
  const othersPending = usePendingInGroup(request);
  const { delivery } = request;
  if (hold && delivery.status === 'pending') {
    return <p className="text-xs text-amber-900 dark:text-amber-200">Kept, not sent yet. {hold}</p>;
  }
  if (othersPending > 0 && delivery.status === 'pending') {
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Goes to the agent with the rest of its group: {othersPending} still to decide.
      </p>
    );
  }
  const failed = delivery.status === 'failed';
  const attempts =
    delivery.attempts > 1 && delivery.status !== 'delivered'
      ? ` (${delivery.attempts} attempts)`
      : '';
  return (
    <div className="space-y-1.5">
      <p
        className={
          failed
            ? 'text-xs font-medium text-red-700 dark:text-red-400'
            : 'text-xs text-slate-600 dark:text-slate-400'
        }
      >
        {describe(delivery)}
        {attempts}
        {delivery.lastError && delivery.status !== 'delivered' ? `: ${delivery.lastError}` : ''}
      </p>
      {failed && canRetry && (
        <div className="flex flex-wrap items-center gap-2">
          <Button
            size="sm"
            variant="secondary"
            isLoading={retry.isPending}
            onClick={() => retry.mutate(request.id)}
          >
            Retry now
          </Button>
          {retry.isError && (
            <p role="alert" className="text-xs text-red-700 dark:text-red-400">
              {retry.error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
