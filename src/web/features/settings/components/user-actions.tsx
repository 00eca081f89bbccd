import type { ManagedUser } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { toast } from '../../../lib/toast';
import { useDeleteUser } from '../api/delete-user';
import { useRevokeUserSessions } from '../api/revoke-user-sessions';
import { useUpdateUser } from '../api/update-user';
import { ConfirmAction } from './confirm-action';
import { ResetPasswordDialog } from './reset-password-dialog';

/** What an admin can do to someone else's account. */
export function UserActions({ user }: { user: ManagedUser }) {
  const update = useUpdateUser();
  const revoke = useRevokeUserSessions();
  const remove = useDeleteUser();
  const name = user.username;

  return (
    <div className="flex flex-wrap items-center gap-1">
      <ResetPasswordDialog user={user} />
      <ConfirmAction
        label="Sign out everywhere"
        accessibleLabel={`Sign ${name} out everywhere`}
        title={`Sign ${name} out everywhere?`}
        description={`Every session of ${name} ends now, open tabs included. They can sign in again.`}
        confirmLabel="Sign out everywhere"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={(close) =>
          revoke.mutate(user.id, {
            onSuccess: () => {
              close();
              toast.success(`${name} is signed out everywhere`);
            },
          })
        }
      />
      {user.disabled ? (
        <Button
          variant="ghost"
          size="sm"
          aria-label={`Enable ${name}`}
          isLoading={update.isPending}
          onClick={() =>
            update.mutate(
              { id: user.id, body: { disabled: false } },
              { onSuccess: () => toast.success(`${name} can sign in again`) },
            )
          }
        >
          Enable
        </Button>
      ) : (
        <ConfirmAction
          label="Disable"
          accessibleLabel={`Disable ${name}`}
          title={`Disable ${name}?`}
          description={`${name} is signed out now and cannot sign in until an admin enables the account again. Their history stays.`}
          confirmLabel="Disable"
          danger
          pending={update.isPending}
          error={update.error}
          onConfirm={(close) =>
            update.mutate(
              { id: user.id, body: { disabled: true } },
              {
                onSuccess: () => {
                  close();
                  toast.success(`${name} is disabled`);
                },
              },
            )
          }
        />
      )}
      <ConfirmAction
        label="Remove"
        accessibleLabel={`Remove ${name}`}
        title={`Remove ${name}?`}
        description={`The account is deleted and ${name} is signed out. Their answers and the audit log keep their name.`}
        confirmLabel="Remove user"
        danger
        pending={remove.isPending}
        error={remove.error}
        onConfirm={(close) =>
          remove.mutate(user.id, {
            onSuccess: () => {
              close();
              toast.success(`${name} was removed`);
            },
          })
        }
      />
    </div>
  );
}
