import { useState } from 'react';
import type { Team } from '../../../../shared/teams';
import type { ManagedUser } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { Input, Select } from '../../../components/ui/input';
import { useChangeGroup } from '../api/routing';
import { GroupName } from './group-name';

/** Groups with their members: add, rename or delete a group, add or remove a member. */
export function GroupsPanel({ groups, users }: { groups: Team[]; users: ManagedUser[] }) {
  const change = useChangeGroup();
  const [name, setName] = useState('');
  return (
    <section aria-labelledby="groups-heading" className="space-y-3">
      <h2 id="groups-heading" className="text-base font-semibold text-slate-900 dark:text-slate-50">
        Groups
      </h2>
      <ul className="space-y-2">
        {groups.map((group) => {
          const others = users.filter(
            (u) => u.role !== 'viewer' && !group.members.some((m) => m.id === u.id),
          );
          return (
            <li
              key={group.id}
              className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
            >
              <GroupName
                group={group}
                busy={change.isPending}
                onRename={(name, done) =>
                  change.mutate({ action: 'rename', groupId: group.id, name }, { onSuccess: done })
                }
                onDelete={() => change.mutate({ action: 'delete', groupId: group.id })}
              />
              <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
                {group.members.length === 0 && (
                  <span className="text-slate-600 dark:text-slate-400">No members yet</span>
                )}
                {group.members.map((member) => (
                  <span
                    key={member.id}
                    className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 dark:bg-slate-800"
                  >
                    {member.username}
                    <button
                      type="button"
                      aria-label={`Remove ${member.username} from ${group.name}`}
                      className="rounded-full px-1.5 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-700"
                      onClick={() =>
                        change.mutate({ action: 'remove', groupId: group.id, userId: member.id })
                      }
                    >
                      ×
                    </button>
                  </span>
                ))}
                {others.length > 0 && (
                  <Select
                    aria-label={`Add a member to ${group.name}`}
                    className="w-auto sm:max-w-56"
                    value=""
                    onChange={(event) =>
                      event.target.value &&
                      change.mutate({
                        action: 'add',
                        groupId: group.id,
                        userId: event.target.value,
                      })
                    }
                  >
                    <option value="">Add a member…</option>
                    {others.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.username}
                      </option>
                    ))}
                  </Select>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!name.trim()) return;
          change.mutate({ action: 'create', name: name.trim() }, { onSuccess: () => setName('') });
        }}
      >
        <Input
          aria-label="New group name"
          placeholder="New group name"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
        <Button type="submit" variant="secondary" disabled={change.isPending}>
          Add group
        </Button>
      </form>
      {change.error && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {change.error.message}
        </p>
      )}
    </section>
  );
}
