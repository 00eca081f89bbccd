import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import {
  putSlackIntegrationSchema,
  type PutSlackIntegration,
  type SlackIntegration,
} from '../../../../shared/notifications';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { englishFormMessages } from '../../../lib/form-messages';
import { useSaveSlack } from '../api/slack';

type FieldName = keyof PutSlackIntegration;

/**
 * Bot token, signing secret and channel. The server never returns the secrets, so once connected
 * the secret fields stay empty and say they are saved; changing anything sends both again.
 */
export function SlackForm({ current }: { current: SlackIntegration }) {
  const save = useSaveSlack();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<PutSlackIntegration>({
    resolver: zodResolver(putSlackIntegrationSchema, englishFormMessages),
    defaultValues: { botToken: '', signingSecret: '', channel: current.channel ?? '' },
  });
  const onSubmit = handleSubmit((values) =>
    save.mutate(values, {
      onSuccess: (view) => reset({ botToken: '', signingSecret: '', channel: view.channel ?? '' }),
    }),
  );
  const savedHint = current.connected
    ? '(saved; enter it again to change the connection)'
    : undefined;
  const invalid = (name: FieldName) =>
    errors[name]
      ? { 'aria-invalid': true as const, 'aria-describedby': errorId(`slack-${name}`) }
      : {};
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={current.connected ? 'Change the Slack connection' : 'Connect Slack'}
      className="flex flex-col gap-3 rounded-md border border-slate-200 p-4 dark:border-slate-800"
    >
      <Field
        label="Bot token"
        hint={savedHint ?? '(xoxb-…, from OAuth & Permissions)'}
        htmlFor="slack-botToken"
        error={errors.botToken?.message}
      >
        <Input
          id="slack-botToken"
          type="password"
          autoComplete="off"
          placeholder={current.connected ? 'Saved' : 'xoxb-…'}
          {...invalid('botToken')}
          {...register('botToken')}
        />
      </Field>
      <Field
        label="Signing secret"
        hint={savedHint ?? '(from Basic Information)'}
        htmlFor="slack-signingSecret"
        error={errors.signingSecret?.message}
      >
        <Input
          id="slack-signingSecret"
          type="password"
          autoComplete="off"
          placeholder={current.connected ? 'Saved' : undefined}
          {...invalid('signingSecret')}
          {...register('signingSecret')}
        />
      </Field>
      <Field
        label="Channel"
        hint="(its ID, e.g. C0123456789; invite the app to it)"
        htmlFor="slack-channel"
        error={errors.channel?.message}
      >
        <Input
          id="slack-channel"
          autoComplete="off"
          placeholder="C0123456789"
          {...invalid('channel')}
          {...register('channel')}
        />
      </Field>
      <div>
        <Button type="submit" isLoading={save.isPending}>
          Save
        </Button>
      </div>
      {save.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
