import { useQuery } from '@tanstack/react-query';
import type { Request } from '../../../../shared/requests';
import { groupListOptions } from '../api/get-groups';

/** "Escalated to QA": nobody answered in time and its route handed it to another group. */
export function EscalatedToBadge({ groupId }: { groupId: string | null | undefined }) {
  const groups = useQuery(groupListOptions());
  const name = groups.data?.items.find((g) => g.id === groupId)?.name;
  return (
    <span className="shrink-0 rounded-full bg-amber-100 px-2 font-medium whitespace-nowrap text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {name ? `Escalated to ${name}` : 'Escalated'}
    </span>
  );
}

/** The badge on a request's card, once its expiry escalated it. */
export function EscalationBadge({ request }: { request: Request }) {
  if ((request.escalations ?? 0) === 0) return null;
  return <EscalatedToBadge groupId={request.assignment?.groupId} />;
}
