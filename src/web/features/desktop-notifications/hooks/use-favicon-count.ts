import { useEffect } from 'react';

/** The app's mark with the waiting count on a badge, as an SVG the page can use as its icon. */
export function faviconWithCount(count: string): string {
  const text = count.length > 3 ? '99+' : count;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M9 16.5l4.5 4.5L23 11" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/><circle cx="23" cy="9" r="9" fill="#dc2626"/><text x="23" y="12.5" text-anchor="middle" font-family="system-ui,sans-serif" font-size="${text.length > 2 ? 8 : 11}" font-weight="700" fill="#fff">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
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
