import { useState } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { Input } from './input';

type CopyFieldProps = {
  id: string;
  /** The label's content: its text, and any muted or screen-reader-only part. */
  label: React.ReactNode;
  value: string;
  /** Said after "Copy" to screen readers: what the button copies. */
  copies: string;
  /** A line under the label. */
  hint?: string;
  /** The smaller label of a field inside a list item. */
  compact?: boolean;
};

/** A read-only value to paste elsewhere, with a copy button and a status saying whether it copied. */
export function CopyField({ id, label, value, copies, hint, compact = false }: CopyFieldProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="flex flex-col gap-1.5">
      <label
        htmlFor={id}
        className={cn(
          'font-medium',
          compact
            ? 'text-xs text-slate-700 dark:text-slate-300'
            : 'text-sm text-slate-800 dark:text-slate-200',
        )}
      >
        {label}
      </label>
      {hint && <p className="text-xs text-slate-600 dark:text-slate-400">{hint}</p>}
      <div className="flex gap-2">
        <Input
          id={id}
          readOnly
          value={value}
          className="font-mono text-xs"
          onFocus={(e) => e.target.select()}
        />
        <Button variant="secondary" size="sm" className="h-9 shrink-0" onClick={() => void copy()}>
          Copy<span className="sr-only"> {copies}</span>
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
