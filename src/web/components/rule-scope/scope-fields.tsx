import { useId } from 'react';
import { Button } from '../ui/button';
import { errorId, Field } from '../ui/field';
import { Input, Select } from '../ui/input';
import {
  operatorLabels,
  pinOperators,
  type PinDraft,
  type PinOperator,
  type ScopeDraft,
} from './scope-draft';

type ScopeFieldsProps = {
  draft: ScopeDraft;
  onChange: (draft: ScopeDraft) => void;
  /** From scopeFromDraft: `pins.0.value`, `days`, `maxUses`. */
  errors: Record<string, string>;
};

const valuePlaceholders: Record<PinOperator, string> = {
  eq: '"EUR" or 25',
  in: 'DE, FR',
  lte: '50',
  gte: '1',
};

function PinRow({
  pin,
  index,
  errors,
  onChange,
  onRemove,
}: {
  pin: PinDraft;
  index: number;
  errors: Record<string, string>;
  onChange: (patch: Partial<PinDraft>) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const pointerError = errors[`pins.${index}.pointer`];
  const valueError = errors[`pins.${index}.value`];
  const describedBy = [
    pointerError && errorId(`${id}-pointer`),
    valueError && errorId(`${id}-value`),
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="group"
      aria-label={`Pin ${index + 1}`}
      className="space-y-1 border-l-2 border-slate-200 pl-2 sm:border-0 sm:pl-0 dark:border-slate-700"
    >
      <div className="grid grid-cols-[1fr_auto] gap-2 sm:grid-cols-[minmax(0,1fr)_8.5rem_minmax(0,1fr)_auto]">
        <Input
          aria-label="Argument"
          value={pin.pointer}
          placeholder="/amount"
          spellCheck={false}
          autoComplete="off"
          className="col-span-2 font-mono sm:col-span-1"
          aria-invalid={pointerError ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => onChange({ pointer: e.target.value })}
        />
        <Select
          aria-label="Condition"
          value={pin.op}
          onChange={(e) => onChange({ op: e.target.value as PinOperator })}
        >
          {pinOperators.map((op) => (
            <option key={op} value={op}>
              {operatorLabels[op]}
            </option>
          ))}
        </Select>
        <Input
          aria-label="Value"
          value={pin.value}
          placeholder={valuePlaceholders[pin.op]}
          spellCheck={false}
          autoComplete="off"
          className="col-span-2 row-start-3 font-mono sm:col-span-1 sm:row-start-auto"
          aria-invalid={valueError ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => onChange({ value: e.target.value })}
        />
        <Button
          variant="ghost"
          size="sm"
          className="self-center"
          aria-label={`Remove pin ${index + 1}`}
          onClick={onRemove}
        >
          Remove
        </Button>
      </div>
      {pointerError && (
        <p id={errorId(`${id}-pointer`)} className="text-sm text-red-700 dark:text-red-400">
          {pointerError}
        </p>
      )}
      {valueError && (
        <p id={errorId(`${id}-value`)} className="text-sm text-red-700 dark:text-red-400">
          {valueError}
        </p>
      )}
    </div>
  );
}

/** The pins, expiry and cap of a rule, shared by adding a rule and remembering an approval. */
export function ScopeFields({ draft, onChange, errors }: ScopeFieldsProps) {
  const ids = { days: useId(), maxUses: useId(), hint: useId() };
  const setPin = (index: number, patch: Partial<PinDraft>) =>
    onChange({ ...draft, pins: draft.pins.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  return (
    <div className="space-y-3">
      <fieldset className="space-y-2" aria-describedby={ids.hint}>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Arguments
        </legend>
        <p id={ids.hint} className="text-xs text-slate-600 dark:text-slate-400">
          {draft.pins.length
            ? 'A call matches only when every pin holds; arguments not pinned may be anything.'
            : 'No pins: any input matches.'}
        </p>
        {draft.pins.map((pin, index) => (
          <PinRow
            key={index}
            pin={pin}
            index={index}
            errors={errors}
            onChange={(patch) => setPin(index, patch)}
            onRemove={() => onChange({ ...draft, pins: draft.pins.filter((_, i) => i !== index) })}
          />
        ))}
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            onChange({ ...draft, pins: [...draft.pins, { pointer: '/', op: 'eq', value: '' }] })
          }
        >
          Add pin
        </Button>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Expires after (days)"
          hint="(empty: never)"
          htmlFor={ids.days}
          error={errors.days}
        >
          <Input
            id={ids.days}
            inputMode="numeric"
            value={draft.days}
            aria-invalid={errors.days ? true : undefined}
            aria-describedby={errors.days ? errorId(ids.days) : undefined}
            onChange={(e) => onChange({ ...draft, days: e.target.value })}
          />
        </Field>
        <Field
          label="Maximum uses"
          hint="(empty: no limit)"
          htmlFor={ids.maxUses}
          error={errors.maxUses}
        >
          <Input
            id={ids.maxUses}
            inputMode="numeric"
            value={draft.maxUses}
            aria-invalid={errors.maxUses ? true : undefined}
            aria-describedby={errors.maxUses ? errorId(ids.maxUses) : undefined}
            onChange={(e) => onChange({ ...draft, maxUses: e.target.value })}
          />
        </Field>
      </div>
    </div>
  );
}
