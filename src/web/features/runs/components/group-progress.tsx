import { createContext, useContext, useMemo } from 'react';
import type { Request } from '../../../../shared/requests';

const PendingByGroup = createContext<ReadonlyMap<string, number>>(new Map());

type GroupProgressProviderProps = { requests: readonly Request[]; children: React.ReactNode };

/** How many requests of each group on the run still wait for a person, for the cards inside. */
export function GroupProgressProvider({ requests, children }: GroupProgressProviderProps) {
  const pending = useMemo(() => {
    const counts = new Map<string, number>();
    for (const request of requests) {
      if (request.group !== undefined && request.status === 'pending') {
        counts.set(request.group, (counts.get(request.group) ?? 0) + 1);
      }
    }
    return counts;
  }, [requests]);
  return <PendingByGroup.Provider value={pending}>{children}</PendingByGroup.Provider>;
}

/** The other requests of this one's group that nobody has decided yet (0 outside a group). */
export function usePendingInGroup(request: Request): number {
  const pending = useContext(PendingByGroup);
  if (request.group === undefined) return 0;
  const count = pending.get(request.group) ?? 0;
  return request.status === 'pending' ? count - 1 : count;
}
