import type { RunListQuery } from '../../../../shared/runs';

export const runKeys = {
  all: ['runs'] as const,
  lists: () => [...runKeys.all, 'list'] as const,
  list: (filters: RunListQuery) => [...runKeys.lists(), filters] as const,
  details: () => [...runKeys.all, 'detail'] as const,
  detail: (id: string) => [...runKeys.details(), id] as const,
  /** Who else has the run open; fetching it is the page's heartbeat. */
  presence: (id: string) => [...runKeys.all, 'presence', id] as const,
};
