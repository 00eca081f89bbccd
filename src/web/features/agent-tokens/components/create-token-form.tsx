import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import {
  type CreateAgentToken,
  createAgentTokenSchema,
  type IssuedAgentToken,
} from '../../../../shared/agent-tokens';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { englishFormMessages } from '../../../lib/form-messages';
import { useCreateAgentToken } from '../api/create-agent-token';

type CreateTokenFormProps = { onIssued: (issued: IssuedAgentToken) => void };

export function CreateTokenForm({ onIssued }: CreateTokenFormProps) {
  const create = useCreateAgentToken();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<CreateAgentToken>({
    resolver: zodResolver(createAgentTokenSchema, englishFormMessages),
    defaultValues: { name: '' },
  });
  const onSubmit = handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: (issued) => {
        reset();
        onIssued(issued);
      },
    }),
  );
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Create an agent token"
      className="grid gap-3 rounded-md border border-slate-200 p-4 sm:grid-cols-[1fr_auto] sm:items-start dark:border-slate-800"
    >
      <Field
        label="Token name"
        hint="(which agent uses it)"
        htmlFor="token-name"
        error={errors.name?.message}
      >
        <Input
          id="token-name"
          placeholder="Support agent, production"
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? errorId('token-name') : undefined}
          {...register('name')}
        />
      </Field>
      <Button type="submit" isLoading={create.isPending} className="sm:mt-7">
        Create token
      </Button>
      {create.isError && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
