import { useQuery } from '@tanstack/react-query';
import type { Request } from '../../../../shared/requests';
import { canAnswer, type User } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { Select } from '../../../components/ui/input';
import { useHotkeys } from '../../../lib/use-hotkeys';
import { useClaim } from '../api/claim-request';
import { groupListOptions } from '../api/get-groups';

type AssignmentBarProps = {
  request: Request;
  me: User | null;
  /** The selected card takes `c`. */
  hotkeys: boolean;
};

/**
 * Who is on a request (its group, its assignee); for reviewers, Claim and Release; for admins, a choice of
 * the group's members to give it to.
 */
export function AssignmentBar({ request, me, hotkeys }: AssignmentBarProps) {
  const assignment = request.assignment;
  const groups = useQuery({ ...groupListOptions(), enabled: Boolean(assignment?.groupId) });
  const claim = useClaim({ runId: request.runId });
  const assignee = assignment?.assignee ?? null;
  const pending = request.status === 'pending';
  const mayClaim = pending && me !== null && canAnswer(me.role) && assignee === null;
  const mayRelease =
    pending && me !== null && assignee !== null && (assignee.id === me.id || me.role === 'admin');
  const act = (action: 'claim' | 'release') => claim.mutate({ requestId: request.id, action });
  useHotkeys({ c: () => act('claim') }, hotkeys && mayClaim && !claim.isPending);

  const group = assignment?.groupId
    ? groups.data?.items.find((g) => g.id === assignment.groupId)
    : undefined;
  const groupName = assignment?.groupId ? (group?.name ?? 'A group') : null;
  const giveTo =
    pending && me?.role === 'admin'
      ? (group?.members.filter((member) => member.id !== assignee?.id) ?? [])
      : [];
  if (!groupName && !assignee && !mayClaim) return null;
  const who =
    assignee === null
      ? pending
        ? 'Nobody is on it yet'
        : null
      : assignee.id === me?.id
        ? 'You are on it'
        : `${assignee.username} is on it`;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:bg-slate-900 dark:text-slate-300">
      {groupName && (
        <span>
          Group: <span className="font-medium text-slate-900 dark:text-slate-100">{groupName}</span>
        </span>
      )}
      {who && (
        <span aria-live="polite" className="font-medium text-slate-900 dark:text-slate-100">
          {who}
        </span>
      )}
      <span className="ml-auto flex gap-2">
        {giveTo.length > 0 && (
          // A fixed width: the Select fills its box, and the buttons beside it keep their line.
          <span className="w-36">
            <Select
              aria-label="Give this request to"
              value=""
              disabled={claim.isPending}
              onChange={(event) =>
                event.target.value &&
                claim.mutate({
                  requestId: request.id,
                  action: 'assign',
                  userId: event.target.value,
                })
              }
            >
              <option value="">Give to…</option>
              {giveTo.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.username}
                </option>
              ))}
            </Select>
          </span>
        )}
        {mayClaim && (
          <Button
            size="sm"
            variant="secondary"
            disabled={claim.isPending}
            onClick={() => act('claim')}
          >
            Claim
          </Button>
        )}
        {mayRelease && (
          <Button
            size="sm"
            variant="ghost"
            disabled={claim.isPending}
            onClick={() => act('release')}
          >
            Release
          </Button>
        )}
      </span>
      {claim.error && (
        <p role="alert" className="w-full text-sm font-medium text-red-700 dark:text-red-400">
          {claim.error.message}
        </p>
      )}
    </div>
  );
}
