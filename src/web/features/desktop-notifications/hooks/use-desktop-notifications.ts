import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import type { StreamEvent } from '../../../../shared/stream';
import { paths } from '../../../config/paths';
import { runDetailOptions } from '../../runs/api/get-run';
import {
  type DesktopState,
  desktopNotificationFor,
  desktopSupported,
  readDesktopEnabled,
  writeDesktopEnabled,
} from '../lib/desktop-notification';

function currentState(userId: string): DesktopState {
  if (!desktopSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && readDesktopEnabled(userId) ? 'on' : 'off';
}

/**
 * Desktop notifications from the open app: while the tab is hidden, each new request that is still
 * pending when its run is read shows a system notification; clicking it brings the tab to the run.
 * Permission is asked for only when the person turns them on.
 */
export function useDesktopNotifications(userId: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [state, setState] = useState<DesktopState>(() => currentState(userId));

  const turnOn = useCallback(async () => {
    if (!desktopSupported()) return;
    const permission =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    writeDesktopEnabled(userId, permission === 'granted');
    setState(currentState(userId));
  }, [userId]);

  const turnOff = useCallback(() => {
    writeDesktopEnabled(userId, false);
    setState(currentState(userId));
  }, [userId]);

  const onStreamEvent = useCallback(
    async (event: StreamEvent) => {
      if (event.type !== 'request.created' || !event.runId || !event.requestId) return;
      if (state !== 'on' || document.visibilityState !== 'hidden') return;
      const runId = event.runId;
      const run = await queryClient.fetchQuery(runDetailOptions(runId)).catch(() => null);
      const request = run?.requests.find((r) => r.id === event.requestId);
      // A rule may have answered it already: nobody needs to hear of that.
      if (!run || !request || request.status !== 'pending') return;
      const { title, options } = desktopNotificationFor(run, request);
      const notification = new Notification(title, options);
      notification.onclick = () => {
        window.focus();
        void navigate(paths.run.getHref(runId));
        notification.close();
      };
    },
    [queryClient, navigate, state],
  );

  return { state, turnOn, turnOff, onStreamEvent };
}
