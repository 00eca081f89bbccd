import { useState } from 'react';
import { type ManagedUser, type Role, roles } from '../../../../shared/users';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Select } from '../../../components/ui/input';
import { toast } from '../../../lib/toast';
import { useUpdateUser } from '../api/update-user';

/**
 * Changes a role as soon as another is picked, except that making someone an admin asks first; a refusal
 * (the last admin) shows under it.
 */
export function RoleSelect({ user }: { user: ManagedUser }) {
  const update = useUpdateUser();
  const [confirmingAdmin, setConfirmingAdmin] = useState(false);
  const change = (role: Role) =>
    update.mutate(
      { id: user.id, body: { role } },
      { onSuccess: () => toast.success(`${user.username} is now ${role}`) },
    );
  const shown = update.isPending ? (update.variables.body.role ?? user.role) : user.role;
  const errorId = `role-error-${user.id}`;
  return (
    <div className="flex flex-col gap-1">
      <Select
        aria-label={`Role of ${user.username}`}
        aria-describedby={update.isError ? errorId : undefined}
        value={shown}
        disabled={update.isPending}
        className="h-8 w-32"
        onChange={(event) => {
          const role = event.target.value as Role;
          if (role === 'admin') setConfirmingAdmin(true);
          else change(role);
        }}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </Select>
      <ConfirmDialog
        open={confirmingAdmin}
        onOpenChange={setConfirmingAdmin}
        title={`Make ${user.username} an admin?`}
        description="Admins manage users, agent tokens, sources and rules, and see the audit log."
        confirmLabel="Make admin"
        onConfirm={() => change('admin')}
      />
      {update.isError && (
        <p id={errorId} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {update.error.message}
        </p>
      )}
    </div>
  );
}
