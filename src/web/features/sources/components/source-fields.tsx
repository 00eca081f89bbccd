import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import type { SourceField } from '../../../../shared/source-kinds';
import { errorId, Field } from '../../../components/ui/field';
import { Input, Select } from '../../../components/ui/input';

export type SourceFormValues = {
  kind: string;
  name: string;
  baseUrl: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
};

type SourceFieldsProps = {
  idPrefix: string;
  group: 'settings' | 'secrets';
  fields: readonly SourceField[];
  register: UseFormRegister<SourceFormValues>;
  errors: FieldErrors<SourceFormValues>;
  /** For secrets: the names already stored, which may be left empty to keep. */
  stored?: readonly string[];
};

/** One platform's settings (shown back) or secrets (write-only: never filled in, empty keeps the stored one). */
export function SourceFields({
  idPrefix,
  group,
  fields,
  register,
  errors,
  stored = [],
}: SourceFieldsProps) {
  return fields.map((field) => {
    const id = `${idPrefix}-${group}-${field.name}`;
    const error = errors[group]?.[field.name]?.message;
    const kept = group === 'secrets' && stored.includes(field.name);
    const required = field.required && !kept;
    const props = {
      id,
      ...(error ? { 'aria-invalid': true, 'aria-describedby': errorId(id) } : {}),
      ...register(`${group}.${field.name}`, {
        required: required ? `${field.label} is required` : false,
      }),
    };
    return (
      <Field
        key={id}
        label={field.label}
        hint={kept ? '(saved; leave empty to keep)' : required ? undefined : '(optional)'}
        htmlFor={id}
        error={error}
      >
        {field.options ? (
          <Select {...props}>
            <option value="">Default</option>
            {field.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </Select>
        ) : (
          <Input
            {...props}
            type={group === 'secrets' ? 'password' : 'text'}
            autoComplete={group === 'secrets' ? 'new-password' : 'off'}
            spellCheck={false}
            placeholder={field.placeholder}
          />
        )}
        {field.help && <p className="text-xs text-slate-600 dark:text-slate-400">{field.help}</p>}
      </Field>
    );
  });
}
