import {
  maxPolicyMinutes,
  onExpirySchema,
  type ExpiryPolicy,
  type OnExpiry,
  type Team,
} from '../../../../shared/teams';
import { Input, Select } from '../../../components/ui/input';

const onExpiryLabels: Record<OnExpiry, string> = {
  expire: 'Expire',
  deny: 'Deny',
  escalate: 'Escalate',
};

/** Empty means "not set"; the server refuses anything but whole minutes in range. */
function minutesOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

function MinutesInput(props: {
  label: string;
  /** The full name screen readers hear, e.g. "Route 2: expires after (min)". */
  fullLabel: string;
  value: number | null | undefined;
  placeholder: string;
  onChange: (value: number | null) => void;
}) {
  return (
    <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
      {props.label}
      <Input
        aria-label={props.fullLabel}
        type="number"
        inputMode="numeric"
        min={1}
        max={maxPolicyMinutes}
        step={1}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(minutesOf(event.target.value))}
      />
    </label>
  );
}

/**
 * A route's expiry policy: its default expiry, the reminder's lead, and what happens when nobody
 * answers in time. `name` prefixes the labels ("Route 2", "Default route").
 */
export function ExpiryPolicyFields(props: {
  name: string;
  policy: ExpiryPolicy;
  groupId: string | null;
  groups: Team[];
  onChange: (policy: ExpiryPolicy) => void;
  /** A visible heading, where nothing around says whose policy this is. */
  legend?: string;
}) {
  const { name, policy } = props;
  const onExpiry = policy.onExpiry ?? 'expire';
  const targets = props.groups.filter((g) => g.id !== props.groupId);
  const set = (patch: ExpiryPolicy) => props.onChange({ ...policy, ...patch });
  const choose = (next: OnExpiry) =>
    next === 'escalate'
      ? set({
          onExpiry: next,
          escalateToGroupId: policy.escalateToGroupId ?? targets[0]?.id ?? null,
          escalateExpiresAfterMinutes: policy.escalateExpiresAfterMinutes ?? 30,
        })
      : set({ onExpiry: next, escalateToGroupId: null, escalateExpiresAfterMinutes: null });
  return (
    <fieldset
      aria-label={`${name} expiry`}
      className="grid grid-cols-2 gap-2 sm:grid-cols-[repeat(5,minmax(0,1fr))] sm:items-end"
    >
      {props.legend && (
        <legend className="mb-1 text-sm text-slate-700 dark:text-slate-300">{props.legend}</legend>
      )}
      <MinutesInput
        label="Expires after (min)"
        fullLabel={`${name}: expires after (min)`}
        placeholder="Agent's own"
        value={policy.expiresAfterMinutes}
        onChange={(expiresAfterMinutes) => set({ expiresAfterMinutes })}
      />
      <MinutesInput
        label="Remind before (min)"
        fullLabel={`${name}: remind before (min)`}
        placeholder="Default"
        value={policy.remindBeforeMinutes}
        onChange={(remindBeforeMinutes) => set({ remindBeforeMinutes })}
      />
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
        On expiry
        <Select
          aria-label={`${name}: on expiry`}
          value={onExpiry}
          onChange={(event) =>
            choose(onExpirySchema.safeParse(event.target.value).data ?? 'expire')
          }
        >
          {Object.entries(onExpiryLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </label>
      {onExpiry === 'escalate' && (
        <>
          <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
            Escalate to
            <Select
              aria-label={`${name}: escalate to`}
              value={policy.escalateToGroupId ?? ''}
              onChange={(event) => set({ escalateToGroupId: event.target.value || null })}
            >
              {!policy.escalateToGroupId && <option value="">Pick a group</option>}
              {targets.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          </label>
          <MinutesInput
            label="New deadline (min)"
            fullLabel={`${name}: new deadline (min)`}
            placeholder="30"
            value={policy.escalateExpiresAfterMinutes}
            onChange={(escalateExpiresAfterMinutes) => set({ escalateExpiresAfterMinutes })}
          />
        </>
      )}
    </fieldset>
  );
}
