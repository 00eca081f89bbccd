import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';

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
  onConfirm,
  ...dialog
}: ConfirmActionProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={accessibleLabel} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        {...dialog}
        open={open}
        onOpenChange={setOpen}
        onConfirm={() => onConfirm(() => setOpen(false))}
      />
    </>
  );
}
