import type { Request } from '../../../../shared/requests';

const never = Number.POSITIVE_INFINITY;

/** Most urgent first: soonest to expire, then longest waiting (as the inbox orders runs). */
export function byUrgency(requests: readonly Request[]): Request[] {
  return [...requests].sort(
    (a, b) =>
      (a.expiresAt ? Date.parse(a.expiresAt) : never) -
        (b.expiresAt ? Date.parse(b.expiresAt) : never) ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}
