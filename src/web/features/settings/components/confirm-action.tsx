import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../../components/ui/dialog';

type ConfirmActionProps = {
  /** The trigger's text, and its accessible name when it needs more context. */
  label: string;
  accessibleLabel: string;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: Error | null;
  /** Runs the action; calls `close` once it succeeded. */
  onConfirm: (close: () => void) => void;
};

/** A small button that asks before doing something that cannot simply be undone. */
export function ConfirmAction({
  label,
  accessibleLabel,
  title,
  description,
  confirmLabel,
  danger = false,
  pending,
  error,
  onConfirm,
}: ConfirmActionProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={accessibleLabel}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {error && (
          <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
            {error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant={danger ? 'danger' : 'primary'}
            isLoading={pending}
            onClick={() => onConfirm(() => setOpen(false))}
          >
            {confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
