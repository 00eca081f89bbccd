import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../../components/ui/dialog';
import { toast } from '../../../lib/toast';
import { useStopRun } from '../api/stop-run';

export function StopRunButton({ runId }: { runId: string }) {
  const [open, setOpen] = useState(false);
  const stop = useStopRun({
    runId,
    mutationConfig: {
      onSuccess: () => {
        setOpen(false);
        toast.success('Run stopped');
      },
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) stop.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm">
          Stop run
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Stop this run?"
        description="The agent is told to stop, and anything still waiting for an answer on this run is cancelled. This can't be undone."
      >
        {stop.error && (
          <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
            {stop.error.message}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" isLoading={stop.isPending} onClick={() => stop.mutate()}>
            {stop.isPending ? 'Stopping…' : 'Stop run'}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
