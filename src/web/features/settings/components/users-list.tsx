import type { User } from '../../../../shared/users';
import { Badge } from '../../../components/ui/badge';

const roleTones = { viewer: 'neutral', reviewer: 'sky', admin: 'indigo' } as const;

export function UsersList({ users }: { users: User[] }) {
  return (
    <ul
      aria-label="Users"
      className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
    >
      {users.map((user) => (
        <li key={user.id} className="flex items-center justify-between gap-3 px-3 py-2.5">
          <span className="font-medium text-slate-900 dark:text-slate-50">{user.username}</span>
          <Badge tone={roleTones[user.role]}>{user.role}</Badge>
        </li>
      ))}
    </ul>
  );
}
