import { Button } from './button';
import { Dialog, DialogClose, DialogContent } from './dialog';

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** While the action runs the dialog stays open; it is the caller's to close once it succeeded. */
  pending?: boolean;
  error?: Error | null;
  /** Runs the action; the dialog closes at once unless the caller tracks `pending`. */
  onConfirm: () => void;
};

/** Asks before a wide or destructive action; the caller opens it in place of acting at once. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  danger = false,
  pending,
  error = null,
  onConfirm,
}: ConfirmDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open && (
        <DialogContent title={title} description={description}>
          {error && (
            <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
              {error.message}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button
              variant={danger ? 'danger' : 'primary'}
              isLoading={pending}
              onClick={() => {
                if (pending === undefined) onOpenChange(false);
                onConfirm();
              }}
            >
              {confirmLabel}
            </Button>
          </div>
        </DialogContent>
      )}
    </Dialog>
  );
}
