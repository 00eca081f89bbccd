import { auditActionGroups, auditActions } from '../../../../shared/audit';
import { Input, Select } from '../../../components/ui/input';
import { useSearchText } from '../../../lib/use-search-text';
import type { AuditSearch } from '../lib/audit-search';
import { actionLabels, groupLabels } from '../lib/audit-labels';

type AuditFiltersProps = { search: AuditSearch; onChange: (next: AuditSearch) => void };

const label = 'text-xs font-medium text-slate-600 dark:text-slate-400';

/** Who, what, text and a date range; typed text is applied once typing pauses. */
export function AuditFilters({ search, onChange }: AuditFiltersProps) {
  const set = (patch: Partial<AuditSearch>) => onChange({ ...search, ...patch });
  const [text, setText] = useSearchText(search.q, (q) => set({ q }));
  const [actor, setActor] = useSearchText(search.actor, (value) => set({ actor: value }));
  return (
    <div
      role="search"
      aria-label="Filter the audit log"
      className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1.4fr_1fr_1fr]"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-q" className={label}>
          Search
        </label>
        <Input
          id="audit-q"
          type="search"
          value={text}
          maxLength={200}
          autoComplete="off"
          placeholder="Summary, id or address"
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-actor" className={label}>
          Who
        </label>
        <Input
          id="audit-actor"
          value={actor}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          placeholder="Username"
          onChange={(event) => setActor(event.target.value)}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-action" className={label}>
          What
        </label>
        <Select
          id="audit-action"
          value={search.action}
          onChange={(event) => set({ action: event.target.value as AuditSearch['action'] })}
        >
          <option value="">Everything</option>
          {auditActionGroups.map((group) => (
            <optgroup key={group} label={groupLabels[group]}>
              <option value={group}>All: {groupLabels[group].toLowerCase()}</option>
              {auditActions
                .filter((action) => action.startsWith(`${group}.`))
                .map((action) => (
                  <option key={action} value={action}>
                    {actionLabels[action]}
                  </option>
                ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-from" className={label}>
          From
        </label>
        <Input
          id="audit-from"
          type="date"
          value={search.from}
          max={search.to || undefined}
          onChange={(event) => set({ from: event.target.value })}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-to" className={label}>
          To
        </label>
        <Input
          id="audit-to"
          type="date"
          value={search.to}
          min={search.from || undefined}
          onChange={(event) => set({ to: event.target.value })}
        />
      </div>
    </div>
  );
}
