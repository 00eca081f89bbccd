import { useEffect } from 'react';

/** The tab's icon with the waiting count on a badge, drawn by the server (`static/waiting-icon.ts`). */
export function faviconWithCount(count: string): string {
  return `/waiting-icon.svg?count=${encodeURIComponent(count)}`;
}

/** While something waits, the tab's icon carries the count; with nothing waiting, the plain icon is back. */
export function useFaviconCount(count: string | null) {
  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    const plain = link.getAttribute('href');
    if (count) link.setAttribute('href', faviconWithCount(count));
    return () => {
      if (plain !== null) link.setAttribute('href', plain);
    };
  }, [count]);
}
