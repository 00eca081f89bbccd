import { useState } from 'react';
import type { GroupRole } from '../../../../shared/oidc';
import { roles, type Role } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { Input, Select } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { useSaveRoleMapping } from '../api/sso-settings';

type Row = GroupRole & { key: number };

// Rows are told apart by a key of their own: two may hold the same group while being edited.
let lastKey = 0;
const toRow = (r: GroupRole): Row => ({ ...r, key: ++lastKey });

export const NO_MAPPING =
  'No groups mapped: everyone who signs in with single sign-on is refused until a group is added.';

/**
 * Rows of provider group → role, saved together. The server checks them (a group once, a known role); its
 * refusal is shown on the row it names, or above the rows when it is about the list.
 */
export function RoleMappingEditor({ mapping }: { mapping: GroupRole[] }) {
  const save = useSaveRoleMapping();
  const [rows, setRows] = useState<Row[]>(() => mapping.map(toRow));
  const [saved, setSaved] = useState(false);

  const edit = (next: Row[]) => {
    setRows(next);
    setSaved(false);
    if (save.isError) save.reset();
  };
  const update = (key: number, change: Partial<GroupRole>) =>
    edit(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const details = save.error instanceof ApiError ? (save.error.details ?? {}) : {};
  const detail = (path: string) => {
    const value = Object.hasOwn(details, path) ? details[path] : undefined;
    return typeof value === 'string' ? value : undefined;
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    save.mutate(
      rows.map(({ group, role }) => ({ group: group.trim(), role })),
      {
        onSuccess: (settings) => {
          setRows(settings.mapping.map(toRow));
          setSaved(true);
        },
      },
    );
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Role mapping"
      className="flex flex-col gap-3 rounded-md border border-slate-200 p-4 dark:border-slate-800"
    >
      <div>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Role mapping</h3>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          A person gets the highest role any of their provider groups maps to, set again at each
          sign-in. A person with no mapped group is refused.
        </p>
      </div>
      {save.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {save.error.message}
          {detail('mapping') ? `: ${detail('mapping')}` : ''}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-4 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {NO_MAPPING}
        </p>
      ) : (
        <ul aria-label="Groups and roles" className="flex flex-col gap-2">
          {rows.map((row, index) => (
            <MappingRow
              key={row.key}
              row={row}
              number={index + 1}
              groupError={detail(`mapping.${index}.group`)}
              roleError={detail(`mapping.${index}.role`)}
              onChange={(change) => update(row.key, change)}
              onRemove={() => edit(rows.filter((r) => r.key !== row.key))}
            />
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => edit([...rows, toRow({ group: '', role: 'viewer' })])}
        >
          Add group
        </Button>
        <Button type="submit" isLoading={save.isPending}>
          Save<span className="sr-only"> role mapping</span>
        </Button>
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {saved ? 'Saved.' : ''}
        </p>
      </div>
    </form>
  );
}

type MappingRowProps = {
  row: Row;
  number: number;
  groupError: string | undefined;
  roleError: string | undefined;
  onChange: (change: Partial<GroupRole>) => void;
  onRemove: () => void;
};

function MappingRow({ row, number, groupError, roleError, onChange, onRemove }: MappingRowProps) {
  const groupId = `sso-group-${row.key}`;
  const errorId = `${groupId}-error`;
  const error = [groupError, roleError].filter(Boolean).join('; ');
  return (
    <li className="flex flex-col gap-1">
      {/* On a phone the group takes a line of its own; role and Remove share the next. */}
      <div className="grid grid-cols-[1fr_auto] items-center gap-2 sm:grid-cols-[1fr_auto_9rem_auto]">
        <label htmlFor={groupId} className="sr-only">
          Provider group {number}
        </label>
        <Input
          id={groupId}
          value={row.group}
          placeholder="Provider group, e.g. countersign-reviewers"
          autoComplete="off"
          className="col-span-2 sm:col-span-1"
          aria-invalid={groupError ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange({ group: e.target.value })}
        />
        <span aria-hidden="true" className="hidden text-slate-500 sm:inline">
          →
        </span>
        <Select
          aria-label={`Role for provider group ${number}`}
          value={row.role}
          aria-invalid={roleError ? true : undefined}
          onChange={(e) => onChange({ role: e.target.value as Role })}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </Select>
        <Button type="button" variant="ghost" onClick={onRemove}>
          Remove<span className="sr-only"> provider group {number}</span>
        </Button>
      </div>
      {error && (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </li>
  );
}
