import { useCallback, useState } from 'react';

const storageKey = (requestId: string) => `countersign:draft:${requestId}`;

function readDraft<T extends object>(requestId: string): Partial<T> | null {
  try {
    const raw = localStorage.getItem(storageKey(requestId));
    const value: unknown = raw ? JSON.parse(raw) : null;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Partial<T>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Form state for answering one request, saved to localStorage on every change so it survives a reload.
 * `clear` forgets the saved copy (after the answer is accepted) but leaves what is on screen.
 */
export function useDraft<T extends object>(requestId: string, initial: () => T) {
  const [draft, setDraft] = useState<T>(() => ({ ...initial(), ...readDraft<T>(requestId) }));

  const update = useCallback(
    (patch: Partial<T> | ((current: T) => Partial<T>)) => {
      setDraft((current) => {
        const next = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) };
        try {
          localStorage.setItem(storageKey(requestId), JSON.stringify(next));
        } catch {
          // Storage can be full or disabled; the draft still lives in memory.
        }
        return next;
      });
    },
    [requestId],
  );

  const clear = useCallback(() => localStorage.removeItem(storageKey(requestId)), [requestId]);

  return { draft, update, clear };
}
