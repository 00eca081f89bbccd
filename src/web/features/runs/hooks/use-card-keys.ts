import { useHotkeys } from '../../../lib/use-hotkeys';
import { showKeyHint } from '../lib/key-hint';

/** A key's action on a card, or why that key does nothing there. */
export type CardKey = (() => void) | string;

/**
 * The selected card's shortcuts. `a` and `d` always answer something: the action, or a sentence saying
 * why this card has none, so a key never does nothing silently.
 */
export function useCardKeys(selected: boolean, keys: Record<string, CardKey>) {
  useHotkeys(
    Object.fromEntries(
      Object.entries(keys).map(([key, action]) => [
        key,
        () => {
          if (typeof action === 'string') {
            showKeyHint(action);
            return;
          }
          showKeyHint(null);
          action();
        },
      ]),
    ),
    selected,
  );
}
