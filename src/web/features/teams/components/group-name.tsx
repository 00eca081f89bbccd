import { useState } from 'react';
import type { Team } from '../../../../shared/teams';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';

type GroupNameProps = {
  group: Team;
  busy: boolean;
  onRename: (name: string, done: () => void) => void;
  onDelete: () => void;
};

/** A group's name with Rename (edited in place) and Delete (asked first). */
export function GroupName({ group, busy, onRename, onDelete }: GroupNameProps) {
  const [editing, setEditing] = useState<string | null>(null);
  if (editing !== null) {
    const name = editing.trim();
    return (
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!name || name === group.name) return setEditing(null);
          onRename(name, () => setEditing(null));
        }}
      >
        <Input
          aria-label={`New name for ${group.name}`}
          className="w-auto flex-1 sm:max-w-64"
          value={editing}
          maxLength={100}
          autoFocus
          onChange={(event) => setEditing(event.target.value)}
        />
        <Button type="submit" size="sm" variant="secondary" disabled={busy || !name}>
          Save name
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(null)}>
          Cancel
        </Button>
      </form>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <p className="mr-auto font-medium [overflow-wrap:anywhere] text-slate-900 dark:text-slate-50">
        {group.name}
      </p>
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Rename ${group.name}`}
        onClick={() => setEditing(group.name)}
      >
        Rename
      </Button>
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Delete ${group.name}`}
        disabled={busy}
        onClick={() => {
          const question = `Delete the group ${group.name}? Its requests keep whoever is on them and lose the group.`;
          if (confirm(question)) onDelete();
        }}
      >
        Delete
      </Button>
    </div>
  );
}
