import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Webhook } from '../../../../shared/notifications';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { formatDateTime } from '../../../lib/format-time';
import { useDeleteWebhook, webhookListOptions, type CreatedWebhook } from '../api/webhooks';
import { CreateWebhookForm } from './create-webhook-form';
import { NotificationFailures } from './notification-failures';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSecret } from './webhook-secret';

export const NO_WEBHOOKS = 'No webhooks. Add one to tell another system about requests.';

/** Outgoing webhooks for admins: add (secret shown once), see each one's deliveries, retry, remove. */
export function WebhooksSection() {
  const hooks = useQuery(webhookListOptions());
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <NotificationFailures />
      {created && <WebhookSecret created={created} onDismiss={() => setCreated(null)} />}
      {hooks.isPending ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading webhooks…</p>
      ) : hooks.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load webhooks: {hooks.error.message}
        </p>
      ) : hooks.data.items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {NO_WEBHOOKS}
        </p>
      ) : (
        <ul aria-label="Webhooks" className="flex flex-col gap-3">
          {hooks.data.items.map((hook) => (
            <WebhookItem key={hook.id} hook={hook} />
          ))}
        </ul>
      )}
      <CreateWebhookForm onCreated={setCreated} />
    </div>
  );
}

function WebhookItem({ hook }: { hook: Webhook }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteWebhook();
  return (
    <li className="rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-mono text-sm break-all text-slate-900 dark:text-slate-100">
            {hook.url}
          </p>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {hook.events.join(', ')} · added{' '}
            <time dateTime={hook.createdAt}>{formatDateTime(hook.createdAt)}</time>
          </p>
        </div>
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            aria-expanded={open}
            onClick={() => setOpen((value) => !value)}
          >
            Deliveries<span className="sr-only"> of {hook.url}</span>
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
            Remove<span className="sr-only"> {hook.url}</span>
          </Button>
        </div>
      </div>
      {open && (
        <div className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-800">
          <WebhookDeliveries webhookId={hook.id} />
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Remove this webhook?"
        description={`${hook.url} will get no more events. Deliveries not sent yet are dropped.`}
        confirmLabel="Remove webhook"
        danger
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(hook.id, { onSuccess: () => setConfirming(false) })}
      />
    </li>
  );
}
