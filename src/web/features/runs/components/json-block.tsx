import { cn } from '../../../components/ui/cn';

type JsonBlockProps = { value: unknown; className?: string };

/** Agent data as indented JSON, rendered as text. */
export function JsonBlock({ value, className }: JsonBlockProps) {
  return (
    <pre
      tabIndex={0}
      className={cn(
        'max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 whitespace-pre text-slate-800 ring-1 ring-slate-200 ring-inset dark:bg-slate-950 dark:text-slate-200 dark:ring-slate-800',
        className,
      )}
    >
      {JSON.stringify(value, null, 2) ?? 'null'}
    </pre>
  );
}
