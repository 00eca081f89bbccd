import { useSyncExternalStore } from 'react';

/**
 * Toasts only ever follow an action, so sonner (and its Toaster) loads with the first one instead of with
 * the first view. A toast raised before the Toaster subscribes is replayed by sonner when it does.
 */
let toasterWanted = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useToasterWanted(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => toasterWanted,
    () => false,
  );
}

export const toast = {
  success(message: string) {
    if (!toasterWanted) {
      toasterWanted = true;
      for (const listener of listeners) listener();
    }
    // A toast only confirms what the page already shows, so one that cannot load is dropped.
    import('sonner').then(
      (sonner) => sonner.toast.success(message),
      () => undefined,
    );
  },
};
