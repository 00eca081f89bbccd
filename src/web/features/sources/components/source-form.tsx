import { useForm, useWatch } from 'react-hook-form';
import { sourceKindSpecs } from '../../../../shared/source-kinds';
import { type ConnectorKind, connectorKinds, type Source } from '../../../../shared/sources';
import { Button } from '../../../components/ui/button';
import { errorId, Field } from '../../../components/ui/field';
import { Input, Select } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { useCreateSource } from '../api/create-source';
import { useUpdateSource } from '../api/update-source';
import { SourceFields, type SourceFormValues } from './source-fields';

type SourceFormProps = { source?: Source; onDone: () => void };

function filled(values: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
}

/** Adds a source, or edits one (`source` given): secrets typed here replace the stored ones. */
export function SourceForm({ source, onDone }: SourceFormProps) {
  const create = useCreateSource();
  const update = useUpdateSource(source?.id ?? '');
  const mutation = source ? update : create;
  const { register, handleSubmit, control, setError, formState } = useForm<SourceFormValues>({
    defaultValues: {
      kind: source?.kind ?? 'm8tes',
      name: source?.name ?? '',
      baseUrl: source?.baseUrl ?? '',
      settings: Object.fromEntries(
        Object.entries(source?.settings ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]),
      ),
      secrets: {},
    },
  });
  const { errors } = formState;
  const spec = sourceKindSpecs[useWatch({ control, name: 'kind' }) as ConnectorKind];
  const prefix = source ? `source-${source.id}` : 'source-new';

  const onSubmit = handleSubmit(async (values) => {
    const common = {
      name: values.name,
      settings: filled(values.settings),
      secrets: filled(values.secrets),
    };
    try {
      if (source) await update.mutateAsync({ ...common, baseUrl: values.baseUrl.trim() || null });
      else {
        const kind = values.kind as ConnectorKind;
        await create.mutateAsync({ ...common, kind, baseUrl: values.baseUrl.trim() || undefined });
      }
      onDone();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 422) return;
      for (const [path, message] of Object.entries(error.details ?? {})) {
        if (typeof message === 'string') setError(path as keyof SourceFormValues, { message });
      }
    }
  });
  const invalid = (name: 'name' | 'baseUrl', id: string) =>
    errors[name] ? { 'aria-invalid': true, 'aria-describedby': errorId(id) } : {};

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label={source ? `Edit ${source.name}` : 'Add a source'}
      className="grid gap-3 rounded-md border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800"
    >
      {!source && (
        <Field label="Platform" htmlFor={`${prefix}-kind`}>
          <Select id={`${prefix}-kind`} {...register('kind')}>
            {connectorKinds.map((kind) => (
              <option key={kind} value={kind}>
                {sourceKindSpecs[kind].label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label="Name" htmlFor={`${prefix}-name`} error={errors.name?.message}>
        <Input
          id={`${prefix}-name`}
          autoComplete="off"
          {...invalid('name', `${prefix}-name`)}
          {...register('name', { required: 'Give the source a name' })}
        />
      </Field>
      <Field
        label="Base URL"
        hint={spec.baseUrlRequired ? undefined : '(optional)'}
        htmlFor={`${prefix}-baseUrl`}
        error={errors.baseUrl?.message}
      >
        <Input
          id={`${prefix}-baseUrl`}
          type="url"
          spellCheck={false}
          placeholder={spec.defaultBaseUrl || 'https://'}
          {...invalid('baseUrl', `${prefix}-baseUrl`)}
          {...register('baseUrl', {
            required: spec.baseUrlRequired ? 'Base URL is required' : false,
          })}
        />
      </Field>
      <SourceFields
        idPrefix={prefix}
        group="settings"
        fields={spec.settings}
        register={register}
        errors={errors}
      />
      <SourceFields
        idPrefix={prefix}
        group="secrets"
        fields={spec.secrets}
        register={register}
        errors={errors}
        stored={source?.secretsSet}
      />
      {mutation.isError &&
        !(mutation.error instanceof ApiError && mutation.error.status === 422) && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">
            {mutation.error.message}
          </p>
        )}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" isLoading={mutation.isPending}>
          {source ? 'Save changes' : 'Add source'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
