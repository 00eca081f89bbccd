import { useEffect, useRef, useState } from 'react';

/**
 * The search box's text: it changes on every keystroke (for instant client-side filtering) and is
 * committed (to the URL, hence the server query) once typing pauses. A URL change made elsewhere,
 * such as Back, replaces the text.
 */
export function useSearchText(committed: string, commit: (text: string) => void, delayMs = 250) {
  const [text, setText] = useState(committed);
  const [lastCommitted, setLastCommitted] = useState(committed);
  const [seen, setSeen] = useState(committed);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  if (committed !== seen) {
    setSeen(committed);
    if (committed !== lastCommitted) {
      setText(committed);
      setLastCommitted(committed);
    }
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  const change = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLastCommitted(value);
      commit(value);
    }, delayMs);
  };
  return [text, change] as const;
}
