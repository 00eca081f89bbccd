import { useState } from 'react';
import type { IssuedAgentToken } from '../../../../shared/agent-tokens';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';

type IssuedTokenProps = { issued: IssuedAgentToken; onDismiss: () => void };

/** The new token's value, shown this once: only its hash is kept on the server. */
export function IssuedToken({ issued, onDismiss }: IssuedTokenProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div
      role="region"
      aria-label="New agent token"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="font-medium text-amber-950 dark:text-amber-100">
        Copy the token for “{issued.name}” now. It is not shown again.
      </p>
      <div className="flex gap-2">
        <Input
          readOnly
          aria-label={`Token ${issued.name}`}
          value={issued.token}
          className="font-mono text-xs"
          onFocus={(event) => event.target.select()}
        />
        <Button variant="secondary" className="shrink-0" onClick={() => void copy()}>
          Copy<span className="sr-only"> token</span>
        </Button>
      </div>
      <p role="status" className="text-xs text-amber-900 dark:text-amber-200">
        {copied === 'yes'
          ? 'Copied.'
          : copied === 'failed'
            ? 'Could not copy; select the token and copy it.'
            : 'Agents send it as Authorization: Bearer <token>.'}
      </p>
      <div>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </div>
  );
}
