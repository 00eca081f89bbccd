import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import { createUserSchema, type ManagedUser } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../../components/ui/dialog';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { englishFormMessages } from '../../../lib/form-messages';
import { toast } from '../../../lib/toast';
import { useUpdateUser } from '../api/update-user';

const resetSchema = z.pick(createUserSchema, { password: true });
type ResetForm = z.infer<typeof resetSchema>;

/** An admin sets a new password for someone; their sessions end with it. */
export function ResetPasswordDialog({ user }: { user: ManagedUser }) {
  const [open, setOpen] = useState(false);
  const update = useUpdateUser();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<ResetForm>({
    resolver: zodResolver(resetSchema, englishFormMessages),
    defaultValues: { password: '' },
  });
  const inputId = `reset-password-${user.id}`;
  const onSubmit = handleSubmit(({ password }) =>
    update.mutate(
      { id: user.id, body: { password } },
      {
        onSuccess: () => {
          setOpen(false);
          reset();
          toast.success(`New password set for ${user.username}; their sessions ended`);
        },
      },
    ),
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Reset the password of ${user.username}`}>
          Reset password
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Reset ${user.username}'s password`}
        description="They are signed out everywhere and sign in again with the new password. Tell it to them another way."
      >
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field
            label="New password"
            hint="(at least 8 characters)"
            htmlFor={inputId}
            error={errors.password?.message}
          >
            <Input
              id={inputId}
              type="password"
              autoComplete="new-password"
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? errorId(inputId) : undefined}
              {...register('password')}
            />
          </Field>
          {update.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {update.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" isLoading={update.isPending}>
              Set password
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
