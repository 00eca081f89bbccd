import { useQuery } from '@tanstack/react-query';
import type { NotificationPreferences } from '../../../../shared/notifications';
import { requestKinds, type RequestKind } from '../../../../shared/requests';
import { kindLabels } from '../../../components/run-badges';
import { sourceListOptions } from '../../sources/api/get-sources';

type Scope = NotificationPreferences['scope'];

const modes: { value: Scope['mode']; label: string }[] = [
  { value: 'all', label: 'Every request I can see' },
  { value: 'groups', label: "Requests for my groups, and ones I've claimed" },
  { value: 'chosen', label: 'Only these kinds and sources' },
];

const toggled = <T,>(list: readonly T[], item: T, on: boolean) =>
  on ? [...list, item] : list.filter((x) => x !== item);

const checkboxRow = 'flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200';

/** Which requests the user hears of: all, their groups', or chosen kinds and sources. */
export function ScopeFields({
  scope,
  onChange,
}: {
  scope: Scope;
  onChange: (scope: Scope) => void;
}) {
  const sources = useQuery({ ...sourceListOptions(), enabled: scope.mode === 'chosen' });
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        Tell me about
      </legend>
      {modes.map((mode) => (
        <label key={mode.value} className={checkboxRow}>
          <input
            type="radio"
            name="notify-scope"
            value={mode.value}
            checked={scope.mode === mode.value}
            onChange={() => onChange({ ...scope, mode: mode.value })}
          />
          {mode.label}
        </label>
      ))}
      {scope.mode === 'chosen' && (
        <div className="ml-6 grid gap-4 sm:grid-cols-2">
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1 text-xs text-slate-600 dark:text-slate-400">
              Kinds (none chosen: any)
            </legend>
            {requestKinds.map((kind: RequestKind) => (
              <label key={kind} className={checkboxRow}>
                <input
                  type="checkbox"
                  checked={scope.kinds.includes(kind)}
                  onChange={(e) =>
                    onChange({ ...scope, kinds: toggled(scope.kinds, kind, e.target.checked) })
                  }
                />
                {kindLabels[kind]}
              </label>
            ))}
          </fieldset>
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1 text-xs text-slate-600 dark:text-slate-400">
              Sources (none chosen: any)
            </legend>
            {(sources.data?.items ?? []).map((source) => (
              <label key={source.id} className={checkboxRow}>
                <input
                  type="checkbox"
                  checked={scope.sources.includes(source.id)}
                  onChange={(e) =>
                    onChange({
                      ...scope,
                      sources: toggled(scope.sources, source.id, e.target.checked),
                    })
                  }
                />
                {source.name}
              </label>
            ))}
            {sources.isSuccess && sources.data.items.length === 0 && (
              <p className="text-sm text-slate-600 dark:text-slate-400">No sources yet.</p>
            )}
          </fieldset>
        </div>
      )}
    </fieldset>
  );
}
