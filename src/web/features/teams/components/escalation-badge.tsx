import { useQuery } from '@tanstack/react-query';
import type { Request } from '../../../../shared/requests';
import { groupListOptions } from '../api/get-groups';

/** "Escalated to QA": nobody answered in time and its route handed it to another group. */
export function EscalationBadge({ request }: { request: Request }) {
  const escalated = (request.escalations ?? 0) > 0;
  const groups = useQuery({ ...groupListOptions(), enabled: escalated });
  if (!escalated) return null;
  const groupId = request.assignment?.groupId;
  const name = groups.data?.items.find((g) => g.id === groupId)?.name;
  return (
    <span className="rounded-full bg-amber-100 px-2 font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {name ? `Escalated to ${name}` : 'Escalated'}
    </span>
  );
}
