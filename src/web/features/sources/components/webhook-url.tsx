import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';

type WebhookUrlProps = {
  sourceId: string;
  sourceName: string;
  url: string;
  label?: string;
  /** What the copy button copies, for screen readers. */
  copyLabel?: string;
  /** Tells this field's id apart from another on the same source. */
  idSuffix?: string;
};

/** The URL to paste into the platform, read-only, with a copy button. */
export function WebhookUrl({
  sourceId,
  sourceName,
  url,
  label = 'Webhook URL',
  copyLabel = 'webhook URL',
  idSuffix = '',
}: WebhookUrlProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const id = `webhook-${sourceId}${idSuffix}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
        <span className="sr-only"> for {sourceName}</span>
      </label>
      <div className="flex gap-2">
        <Input
          id={id}
          readOnly
          value={url}
          className="font-mono text-xs"
          onFocus={(e) => e.target.select()}
        />
        <Button variant="secondary" size="sm" className="h-9" onClick={() => void copy()}>
          Copy
          <span className="sr-only">
            {' '}
            {copyLabel} for {sourceName}
          </span>
        </Button>
      </div>
      <p role="status" className="text-xs text-slate-600 dark:text-slate-400">
        {copied === 'yes'
          ? 'Copied.'
          : copied === 'failed'
            ? 'Could not copy; select the URL and copy it.'
            : ''}
      </p>
    </div>
  );
}
