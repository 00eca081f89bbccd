import { useQuery } from '@tanstack/react-query';
import { Button } from '../../../components/ui/button';
import { formatDateTime } from '../../../lib/format-time';
import { useRetryWebhookDelivery, webhookDeliveriesOptions } from '../api/webhooks';
import { JobStatus } from './job-status';

/** One webhook's delivery log, newest first; a failed delivery can be sent again. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useQuery(webhookDeliveriesOptions(webhookId));
  const retry = useRetryWebhookDelivery(webhookId);
  if (deliveries.isPending) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Loading deliveries…</p>;
  }
  if (deliveries.isError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load deliveries: {deliveries.error.message}
      </p>
    );
  }
  const items = deliveries.data.items;
  if (items.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing sent yet.</p>;
  }
  return (
    <ul aria-label="Deliveries" className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
      {items.map((job) => (
        <li key={job.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <JobStatus job={job} />
          <code className="font-mono text-xs">{job.event}</code>
          <time dateTime={job.createdAt} className="text-slate-600 dark:text-slate-400">
            {formatDateTime(job.createdAt)}
          </time>
          <span className="text-slate-600 dark:text-slate-400">
            {job.attempts} {job.attempts === 1 ? 'attempt' : 'attempts'}
          </span>
          {job.lastError && (
            <span className="basis-full break-all text-red-800 dark:text-red-300">
              {job.lastError}
            </span>
          )}
          {job.status === 'failed' && (
            <Button
              size="sm"
              variant="secondary"
              isLoading={retry.isPending && retry.variables === job.id}
              onClick={() => retry.mutate(job.id)}
            >
              Retry<span className="sr-only"> delivery {job.id}</span>
            </Button>
          )}
        </li>
      ))}
      {retry.isError && (
        <li role="alert" className="py-2 text-red-700 dark:text-red-400">
          {retry.error.message}
        </li>
      )}
    </ul>
  );
}
