import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { User } from '../../../../shared/users';
import { authKeys } from '../../auth/api/auth-keys';
import { draftStorageKey } from '../../../lib/draft-storage';

function readDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const raw = localStorage.getItem(key);
    const value: unknown = raw ? JSON.parse(raw) : null;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Partial<T>)
      : null;
  } catch {
    return null;
  }
}

/** The signed-in user's id (loaded before any run page renders), so drafts are kept per person. */
function useDraftOwner(): string {
  const me = useQueryClient().getQueryData<User | null>(authKeys.me());
  return me?.id ?? 'anonymous';
}

/**
 * Form state for answering one request, saved to localStorage on every change so it survives a reload.
 * Drafts belong to the signed-in user. `clear` forgets the saved copy (after the answer is accepted) but
 * leaves what is on screen.
 */
export function useDraft<T extends object>(requestId: string, initial: () => T) {
  const key = draftStorageKey(useDraftOwner(), requestId);
  const [draft, setDraft] = useState<T>(() => ({ ...initial(), ...readDraft<T>(key) }));

  const update = useCallback(
    (patch: Partial<T> | ((current: T) => Partial<T>)) => {
      setDraft((current) => {
        const next = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) };
        try {
          localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // Storage can be full or disabled; the draft still lives in memory.
        }
        return next;
      });
    },
    [key],
  );

  const clear = useCallback(() => localStorage.removeItem(key), [key]);

  return { draft, update, clear };
}
