import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import { changePasswordSchema } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { englishFormMessages } from '../../../lib/form-messages';
import { toast } from '../../../lib/toast';
import { useChangePassword } from '../api/change-password';

const formSchema = z.extend(changePasswordSchema, { confirmPassword: z.string() }).check(
  z.refine((v) => v.newPassword === v.confirmPassword, {
    message: 'The two new passwords differ',
    path: ['confirmPassword'],
  }),
);
type PasswordForm = z.infer<typeof formSchema>;
const fields = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

export function ChangePasswordForm() {
  const change = useChangePassword();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<PasswordForm>({
    resolver: zodResolver(formSchema, englishFormMessages),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const onSubmit = handleSubmit(({ currentPassword, newPassword }) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          reset();
          toast.success('Password changed; your other sessions were signed out');
        },
        onError: (error) => {
          if (!(error instanceof ApiError) || error.status !== 422) return;
          for (const field of fields) {
            const message = error.details?.[field];
            if (typeof message === 'string') setError(field, { message });
          }
        },
      },
    ),
  );
  const control = (field: (typeof fields)[number], label: string, autoComplete: string) => (
    <Field label={label} htmlFor={`account-${field}`} error={errors[field]?.message}>
      <Input
        id={`account-${field}`}
        type="password"
        autoComplete={autoComplete}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? errorId(`account-${field}`) : undefined}
        {...register(field)}
      />
    </Field>
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Change your password"
      className="grid gap-3 rounded-md border border-slate-200 p-4 sm:grid-cols-3 dark:border-slate-800"
    >
      {control('currentPassword', 'Current password', 'current-password')}
      {control('newPassword', 'New password', 'new-password')}
      {control('confirmPassword', 'New password again', 'new-password')}
      {change.isError && !(change.error instanceof ApiError && change.error.status === 422) && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3 dark:text-red-400">
          {change.error.message}
        </p>
      )}
      <div className="sm:col-span-3">
        <Button type="submit" isLoading={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
