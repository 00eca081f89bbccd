import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';
import type { CreatedWebhook } from '../api/webhooks';

type WebhookSecretProps = { created: CreatedWebhook; onDismiss: () => void };

/** The new webhook's signing secret, shown this once. */
export function WebhookSecret({ created, onDismiss }: WebhookSecretProps) {
  return (
    <div
      role="region"
      aria-label="New webhook secret"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="font-medium break-all text-amber-950 dark:text-amber-100">
        Copy the signing secret for {created.url} now. It is not shown again.
      </p>
      <Input
        readOnly
        aria-label="Signing secret"
        value={created.secret}
        className="font-mono text-xs"
        onFocus={(event) => event.target.select()}
      />
      <p className="text-xs text-amber-900 dark:text-amber-200">
        Requests are signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
      </p>
      <div>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </div>
  );
}
