import { useState } from 'react';
import type { Request } from '../../../../shared/requests';

/**
 * Splits a run's requests into answer cards and the compact list of earlier ones. A request keeps its card
 * for as long as the page is open, even after it stops being pending (answered elsewhere, expired, stopped),
 * so the reviewer sees what happened to it instead of watching it vanish mid-answer.
 */
export function useCardRequests(requests: readonly Request[]) {
  const pendingIds = requests.filter((r) => r.status === 'pending').map((r) => r.id);
  const [carded, setCarded] = useState<readonly string[]>(pendingIds);
  const added = pendingIds.filter((id) => !carded.includes(id));
  if (added.length > 0) setCarded([...carded, ...added]);
  const isCard = (r: Request) => r.status === 'pending' || carded.includes(r.id);
  return {
    cards: requests.filter(isCard),
    earlier: requests.filter((r) => !isCard(r)),
  };
}
