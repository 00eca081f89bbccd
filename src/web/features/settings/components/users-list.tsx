import type { ManagedUser } from '../../../../shared/users';
import { Badge } from '../../../components/ui/badge';
import { formatAgo, formatDateTime } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { RoleSelect } from './role-select';
import { UserActions } from './user-actions';

type UsersListProps = { users: ManagedUser[]; currentUserId: string };

const roleTones = { viewer: 'neutral', reviewer: 'sky', admin: 'indigo' } as const;

function Activity({ user, now }: { user: ManagedUser; now: number }) {
  const sessions = `${user.activeSessions} session${user.activeSessions === 1 ? '' : 's'}`;
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400">
      {user.lastSignInAt ? (
        <>
          Signed in{' '}
          <time dateTime={user.lastSignInAt} title={formatDateTime(user.lastSignInAt)}>
            {formatAgo(user.lastSignInAt, now)}
          </time>
        </>
      ) : (
        'Never signed in'
      )}{' '}
      · {sessions}
    </p>
  );
}

/** Everyone who can sign in, with their role and what an admin can do about their account. */
export function UsersList({ users, currentUserId }: UsersListProps) {
  const now = useNow();
  return (
    <ul
      aria-label="Users"
      className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
    >
      {users.map((user) => {
        const isMe = user.id === currentUserId;
        return (
          <li
            key={user.id}
            aria-label={user.username}
            className="flex flex-col gap-2 px-3 py-2.5 lg:flex-row lg:items-center lg:gap-4"
          >
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900 dark:text-slate-50">
                  {user.username}
                </span>
                {isMe && <Badge>you</Badge>}
                {user.disabled && <Badge tone="red">disabled</Badge>}
                {isMe && <Badge tone={roleTones[user.role]}>{user.role}</Badge>}
              </div>
              <Activity user={user} now={now} />
            </div>
            {!isMe && (
              <div className="flex flex-wrap items-start gap-2">
                <RoleSelect user={user} />
                <UserActions user={user} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
