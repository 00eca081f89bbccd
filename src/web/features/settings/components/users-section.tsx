import { useQuery } from '@tanstack/react-query';
import { Button } from '../../../components/ui/button';
import { userListOptions } from '../api/get-users';
import { AddUserForm } from './add-user-form';
import { Section } from './section';
import { UsersList } from './users-list';

export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const users = useQuery(userListOptions());
  return (
    <Section
      title="Users"
      description="Who can sign in, and what their role lets them do. Disabling or removing someone, or resetting their password, signs them out at once."
    >
      <div className="flex flex-col gap-4">
        {users.isPending ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Loading users…</p>
        ) : users.isError ? (
          <div
            role="alert"
            className="flex flex-wrap items-center gap-3 text-sm text-red-800 dark:text-red-300"
          >
            <p>Could not load users: {users.error.message}</p>
            <Button variant="secondary" size="sm" onClick={() => void users.refetch()}>
              Try again
            </Button>
          </div>
        ) : (
          <UsersList users={users.data.items} currentUserId={currentUserId} />
        )}
        <AddUserForm />
      </div>
    </Section>
  );
}
