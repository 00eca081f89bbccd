import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { listSchema } from '../../../../shared/common';
import { pushDeviceSchema, pushPublicKeySchema } from '../../../../shared/push';
import { api } from '../../../lib/api-client';

const pushDevicesKey = ['me', 'push-devices'] as const;

export const pushDevicesOptions = () =>
  queryOptions({
    queryKey: pushDevicesKey,
    queryFn: ({ signal }) => api.get('/push/subscriptions', listSchema(pushDeviceSchema), signal),
  });

export function useRemovePushDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/push/subscriptions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pushDevicesKey }),
  });
}

/** Whether this browser can take Web Push at all (an insecure origin or an old browser cannot). */
export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/**
 * Asks for permission (call it from a click only), subscribes this browser with the server's VAPID key
 * and saves the subscription; an existing subscription of this browser is saved again (updated).
 */
export function useEnablePushHere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (!pushSupported()) throw new Error('This browser cannot receive push notifications here');
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') throw new Error('Notifications are blocked for this site');
      const registration = await navigator.serviceWorker.ready;
      const { publicKey } = await api.get('/push/public-key', pushPublicKeySchema);
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: base64UrlToBytes(publicKey),
        }));
      return api.post('/push/subscriptions', subscription.toJSON(), pushDeviceSchema);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pushDevicesKey }),
  });
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
