import { useState } from 'react';
import type { AgentToken } from '../../../../shared/agent-tokens';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../../components/ui/dialog';
import { toast } from '../../../lib/toast';
import { useRevokeAgentToken } from '../api/revoke-agent-token';

export function RevokeTokenButton({ token }: { token: AgentToken }) {
  const [open, setOpen] = useState(false);
  const revoke = useRevokeAgentToken();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Revoke token ${token.name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Revoke this token?"
        description={
          <>
            Agents using <strong>{token.name}</strong> get 401 from their next call on. This cannot
            be undone; create a new token instead.
          </>
        }
      >
        {revoke.isError && (
          <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
            {revoke.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            isLoading={revoke.isPending}
            onClick={() =>
              revoke.mutate(token.id, {
                onSuccess: () => {
                  setOpen(false);
                  toast.success(`Token ${token.name} revoked`);
                },
              })
            }
          >
            Revoke token
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
