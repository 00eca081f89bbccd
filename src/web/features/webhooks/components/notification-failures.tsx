import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../../lib/format-time';
import { notificationFailuresOptions } from '../api/webhooks';

/** Notifications that gave up, on any channel, so an admin sees that someone was not told. */
export function NotificationFailures() {
  const failures = useQuery(notificationFailuresOptions());
  if (failures.isPending || failures.isError || failures.data.items.length === 0) return null;
  return (
    <div
      role="region"
      aria-label="Failed notifications"
      className="rounded-md border border-red-200 p-4 dark:border-red-900"
    >
      <h3 className="text-sm font-medium text-red-900 dark:text-red-200">
        {failures.data.items.length} failed{' '}
        {failures.data.items.length === 1 ? 'notification' : 'notifications'}
      </h3>
      <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800">
        {failures.data.items.map((job) => (
          <li key={job.id} className="flex flex-wrap gap-x-3 gap-y-1 py-2">
            <span className="font-medium">{job.channel}</span>
            <code className="font-mono text-xs">{job.event}</code>
            <time dateTime={job.createdAt} className="text-slate-600 dark:text-slate-400">
              {formatDateTime(job.createdAt)}
            </time>
            {job.lastError && (
              <span className="basis-full break-all text-red-800 dark:text-red-300">
                {job.lastError}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
