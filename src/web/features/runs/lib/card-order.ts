import type { Request } from '../../../../shared/requests';

const never = Number.POSITIVE_INFINITY;

const compare = (a: Request, b: Request) =>
  (a.expiresAt ? Date.parse(a.expiresAt) : never) -
    (b.expiresAt ? Date.parse(b.expiresAt) : never) ||
  Date.parse(a.createdAt) - Date.parse(b.createdAt);

/**
 * Most urgent first: soonest to expire, then longest waiting (as the inbox orders runs). The members of
 * a group stay together, placed where their most urgent member would be.
 */
export function byUrgency(requests: readonly Request[]): Request[] {
  const lead = new Map<string, Request>();
  for (const request of [...requests].sort(compare)) {
    if (request.group && !lead.has(request.group)) lead.set(request.group, request);
  }
  const leaderOf = (r: Request) => (r.group ? lead.get(r.group)! : r);
  return [...requests].sort(
    (a, b) =>
      compare(leaderOf(a), leaderOf(b)) ||
      (leaderOf(a).id === leaderOf(b).id
        ? compare(a, b)
        : leaderOf(a).id.localeCompare(leaderOf(b).id)),
  );
}

/** Runs of consecutive cards: a group's members together, every other card on its own. */
export function segments(cards: readonly Request[]): { group: string | null; cards: Request[] }[] {
  const result: { group: string | null; cards: Request[] }[] = [];
  for (const card of cards) {
    const last = result.at(-1);
    if (card.group && last?.group === card.group) last.cards.push(card);
    else result.push({ group: card.group ?? null, cards: [card] });
  }
  return result;
}
