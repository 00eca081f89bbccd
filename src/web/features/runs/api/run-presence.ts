import { queryOptions } from '@tanstack/react-query';
import { runPresenceSchema } from '../../../../shared/presence';
import { API_BASE, apiRequest } from '../../../lib/api-client';
import { runKeys } from './run-keys';

const presencePath = (runId: string) => `/runs/${encodeURIComponent(runId)}/presence`;

/** The server forgets a viewer 25 s after their last heartbeat. */
export const heartbeatMs = 10_000;

/**
 * Each fetch is a heartbeat (the caller has the run open) and answers who else does. Refetched on a
 * timer only while the tab is visible, and at once when the stream says someone came or went.
 */
export const runPresenceOptions = (runId: string) =>
  queryOptions({
    queryKey: runKeys.presence(runId),
    queryFn: () => apiRequest(presencePath(runId), runPresenceSchema, { method: 'PUT' }),
    refetchInterval: heartbeatMs,
    refetchIntervalInBackground: false,
    // Coming back to a hidden tab announces the viewer again at once.
    staleTime: 0,
    retry: false,
    gcTime: 0,
  });

/**
 * Says the caller left. `keepalive` lets it finish while the tab is closing; a failure only means the
 * server forgets the caller a few seconds later.
 */
export function leaveRun(runId: string): void {
  void fetch(`${API_BASE}${presencePath(runId)}`, {
    method: 'DELETE',
    credentials: 'same-origin',
    keepalive: true,
  }).catch(() => undefined);
}
