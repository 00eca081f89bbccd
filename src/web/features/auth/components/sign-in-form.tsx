import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { type SignIn, signInSchema } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { englishFormMessages } from '../../../lib/form-messages';
import { useSignIn } from '../api/sign-in';

function failureMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return error.message || 'Wrong username or password';
    if (error.status === 429) return error.message || 'Too many attempts. Try again later.';
    if (error.isNetworkError)
      return 'Could not reach the server. Check the connection and try again.';
    return error.message;
  }
  return 'Sign-in failed. Try again.';
}

type SignInFormProps = { onSuccess: () => void };

export function SignInForm({ onSuccess }: SignInFormProps) {
  const signIn = useSignIn();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<SignIn>({
    resolver: zodResolver(signInSchema, englishFormMessages),
    defaultValues: { username: '', password: '' },
  });
  const onSubmit = handleSubmit((values) => signIn.mutate(values, { onSuccess }));

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field label="Username" htmlFor="username" error={errors.username?.message}>
        <Input
          id="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          aria-invalid={errors.username ? true : undefined}
          aria-describedby={errors.username ? errorId('username') : undefined}
          {...register('username')}
        />
      </Field>
      <Field label="Password" htmlFor="password" error={errors.password?.message}>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? errorId('password') : undefined}
          {...register('password')}
        />
      </Field>
      {signIn.isError && (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {failureMessage(signIn.error)}
        </p>
      )}
      <Button type="submit" isLoading={signIn.isPending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
