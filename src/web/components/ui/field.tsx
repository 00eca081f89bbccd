import { cn } from './cn';

type FieldProps = {
  label: string;
  htmlFor: string;
  /** The message under the control; give the control `aria-describedby={errorId(htmlFor)}`. */
  error?: string;
  hint?: string;
  className?: string;
  children: React.ReactNode;
};

export const errorId = (id: string) => `${id}-error`;

export function Field({ label, htmlFor, error, hint, className, children }: FieldProps) {
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <label htmlFor={htmlFor} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
        {hint && (
          <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">{hint}</span>
        )}
      </label>
      {children}
      {error && (
        <p id={errorId(htmlFor)} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
