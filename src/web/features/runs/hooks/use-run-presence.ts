import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { leaveRun, runPresenceOptions } from '../api/run-presence';
import { runKeys } from '../api/run-keys';

const isVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * Keeps the caller shown viewing the run while the page is open and visible, and answers who else
 * is. Hiding the tab, leaving the page and closing the tab each say so at once.
 */
export function useRunPresence(runId: string) {
  const queryClient = useQueryClient();
  const [visible, setVisible] = useState(isVisible);
  useEffect(() => {
    const onVisibility = () => {
      const now = isVisible();
      setVisible(now);
      if (!now) leaveRun(runId);
    };
    const onPageHide = () => leaveRun(runId);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      leaveRun(runId);
      queryClient.removeQueries({ queryKey: runKeys.presence(runId) });
    };
  }, [runId, queryClient]);
  const presence = useQuery({ ...runPresenceOptions(runId), enabled: visible });
  return visible ? (presence.data?.viewers ?? []) : [];
}
