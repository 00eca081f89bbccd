import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { type CreateUser, createUserSchema, roles } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input, Select } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { englishFormMessages } from '../../../lib/form-messages';
import { toast } from '../../../lib/toast';
import { useCreateUser } from '../api/create-user';

const roleLabels: Record<CreateUser['role'], string> = {
  viewer: 'Viewer: reads everything, answers nothing',
  reviewer: 'Reviewer: answers every kind',
  admin: 'Admin: also rules, sources and users',
};

const fields = ['username', 'password', 'role'] as const;

export function AddUserForm() {
  const createUser = useCreateUser();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<CreateUser>({
    resolver: zodResolver(createUserSchema, englishFormMessages),
    defaultValues: { username: '', password: '', role: 'reviewer' },
  });
  const onSubmit = handleSubmit((values) =>
    createUser.mutate(values, {
      onSuccess: (user) => {
        reset();
        toast.success(`Added ${user.username} (${user.role})`);
      },
      onError: (error) => {
        if (!(error instanceof ApiError) || error.status !== 422) return;
        for (const field of fields) {
          const message = error.details?.[field];
          if (typeof message === 'string') setError(field, { message });
        }
      },
    }),
  );
  const invalid = (field: (typeof fields)[number]) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(`user-${field}`) } : {};

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add a user"
      className="grid gap-3 rounded-md border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800"
    >
      <Field label="Username" htmlFor="user-username" error={errors.username?.message}>
        <Input
          id="user-username"
          autoComplete="off"
          spellCheck={false}
          {...invalid('username')}
          {...register('username')}
        />
      </Field>
      <Field
        label="Password"
        hint="(at least 8 characters)"
        htmlFor="user-password"
        error={errors.password?.message}
      >
        <Input
          id="user-password"
          type="password"
          autoComplete="new-password"
          {...invalid('password')}
          {...register('password')}
        />
      </Field>
      <Field
        label="Role"
        htmlFor="user-role"
        error={errors.role?.message}
        className="sm:col-span-2"
      >
        <Select id="user-role" {...invalid('role')} {...register('role')}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </Select>
      </Field>
      {createUser.isError &&
        !(createUser.error instanceof ApiError && createUser.error.status === 422) && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">
            {createUser.error.message}
          </p>
        )}
      <div className="sm:col-span-2">
        <Button type="submit" isLoading={createUser.isPending}>
          Add user
        </Button>
      </div>
    </form>
  );
}
