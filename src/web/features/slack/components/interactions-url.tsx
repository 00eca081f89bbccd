import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';

/** The Request URL for the Slack app's Interactivity settings, read-only, with a copy button. */
export function InteractionsUrl({ url }: { url: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
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
      <label
        htmlFor="slack-interactions-url"
        className="text-sm font-medium text-slate-800 dark:text-slate-200"
      >
        Interactivity Request URL
        <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">
          (paste into your Slack app under Interactivity &amp; Shortcuts)
        </span>
      </label>
      <div className="flex gap-2">
        <Input
          id="slack-interactions-url"
          readOnly
          value={url}
          className="font-mono text-xs"
          onFocus={(e) => e.target.select()}
        />
        <Button variant="secondary" size="sm" className="h-9" onClick={() => void copy()}>
          Copy<span className="sr-only"> the interactivity request URL</span>
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
