const draftPrefix = 'countersign:draft:';
const answerKeyPrefix = 'countersign:answer-key:';

/** Where `userId`'s draft answer to `requestId` is kept, so one person's drafts never show for another. */
export const draftStorageKey = (userId: string, requestId: string) =>
  `${draftPrefix}${userId}:${requestId}`;

/** Where the idempotency key of the answer being sent to `requestId` is kept. */
export const answerKeyStorageKey = (requestId: string) => `${answerKeyPrefix}${requestId}`;

/**
 * Forgets every draft and pending answer key in this browser, on sign-out: the next person to sign in here
 * must neither see nor send what the previous one typed.
 */
export function forgetDrafts(): void {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    for (const key of keys) {
      if (key?.startsWith(draftPrefix) || key?.startsWith(answerKeyPrefix))
        localStorage.removeItem(key);
    }
  } catch {
    // Storage disabled: nothing was kept.
  }
}
