import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';

/** A multi-line text box matching the shared Input; kept here until the ui kit has one. */
export function Textarea({ className, rows = 3, ...props }: React.ComponentProps<'textarea'>) {
  return (
    <textarea
      rows={rows}
      className={cn(
        'block w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400',
        focusRing,
        className,
      )}
      {...props}
    />
  );
}
