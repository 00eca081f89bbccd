import { useId } from 'react';
import type { AnswerOption } from '../../../../shared/requests';

type AnswerOptionsProps = {
  legend: string;
  options: readonly AnswerOption[];
  /** The picked option's name, or null for none. */
  value: string | null;
  onChange: (name: string | null) => void;
};

/** The named answers an agent offers (reasons to deny, replies): pick one, or none. */
export function AnswerOptions({ legend, options, value, onChange }: AnswerOptionsProps) {
  const name = useId();
  const choices: { key: string; option: AnswerOption | null }[] = [
    ...options.map((option) => ({ key: option.name, option })),
    { key: '', option: null },
  ];
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        {legend}
      </legend>
      {choices.map(({ key, option }) => (
        <label
          key={key}
          className="flex items-start gap-2 text-sm text-slate-800 dark:text-slate-200"
        >
          <input
            type="radio"
            name={name}
            checked={(option?.name ?? null) === value}
            onChange={() => onChange(option?.name ?? null)}
            className="mt-0.5 size-4 accent-indigo-600"
          />
          <span className="min-w-0 break-words">
            {option ? option.title || option.name : 'None of these'}
            {option?.description && (
              <span className="block text-slate-600 dark:text-slate-400">{option.description}</span>
            )}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
