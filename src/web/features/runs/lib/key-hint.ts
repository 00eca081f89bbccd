import { useSyncExternalStore } from 'react';

/**
 * What the last card shortcut did not do, and why ("d" on a plan): shown on the selected card, so a key
 * never fails silently. One per page; the newest replaces the last.
 */
let hint: { text: string; id: number } | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function showKeyHint(text: string | null): void {
  hint = text === null ? null : { text, id: (hint?.id ?? 0) + 1 };
  for (const listener of listeners) listener();
}

export function useKeyHint() {
  return useSyncExternalStore(
    subscribe,
    () => hint,
    () => null,
  );
}
