import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import {
  createWebhookSchema,
  webhookEvents,
  type CreateWebhook,
} from '../../../../shared/notifications';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { englishFormMessages } from '../../../lib/form-messages';
import { useCreateWebhook, type CreatedWebhook } from '../api/webhooks';

type CreateWebhookFormProps = { onCreated: (created: CreatedWebhook) => void };

export function CreateWebhookForm({ onCreated }: CreateWebhookFormProps) {
  const create = useCreateWebhook();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<CreateWebhook>({
    resolver: zodResolver(createWebhookSchema, englishFormMessages),
    defaultValues: { url: '', events: ['request.created'] },
  });
  const onSubmit = handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: (created) => {
        reset();
        onCreated(created);
      },
    }),
  );
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add a webhook"
      className="flex flex-col gap-3 rounded-md border border-slate-200 p-4 dark:border-slate-800"
    >
      <Field
        label="URL"
        hint="(where events are POSTed)"
        htmlFor="webhook-url"
        error={errors.url?.message}
      >
        <Input
          id="webhook-url"
          type="url"
          placeholder="https://hooks.example.com/countersign"
          autoComplete="off"
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={errors.url ? errorId('webhook-url') : undefined}
          {...register('url')}
        />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Events</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {webhookEvents.map((event) => (
            <label key={event} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={event} {...register('events')} />
              <code className="font-mono text-xs">{event}</code>
            </label>
          ))}
        </div>
        {errors.events?.message && (
          <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {errors.events.message}
          </p>
        )}
      </fieldset>
      <div>
        <Button type="submit" isLoading={create.isPending}>
          Add webhook
        </Button>
      </div>
      {create.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
