import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../../components/ui/dialog';
import { useSignOutEverywhere } from '../api/sign-out-everywhere';

/** Ends every session of the signed-in user, this one included (a lost laptop, a shared computer). */
export function SignOutEverywhere() {
  const [open, setOpen] = useState(false);
  const signOut = useSignOutEverywhere();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary">Sign out everywhere</Button>
      </DialogTrigger>
      <DialogContent
        title="Sign out everywhere?"
        description="Every browser signed in as you is signed out, this one included."
      >
        {signOut.isError && (
          <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
            {signOut.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" isLoading={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out everywhere
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
