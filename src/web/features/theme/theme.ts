export const themes = ['light', 'dark', 'system'] as const;
export type Theme = (typeof themes)[number];

const storageKey = 'countersign.theme';
const darkQuery = '(prefers-color-scheme: dark)';

export function getStoredTheme(): Theme {
  try {
    const stored = localStorage.getItem(storageKey);
    return themes.includes(stored as Theme) ? (stored as Theme) : 'system';
  } catch {
    return 'system';
  }
}

function prefersDark() {
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches;
}

export function applyTheme(theme: Theme) {
  const dark = theme === 'dark' || (theme === 'system' && prefersDark());
  document.documentElement.classList.toggle('dark', dark);
}

export function setTheme(theme: Theme) {
  try {
    localStorage.setItem(storageKey, theme);
  } catch {
    // Storage can be unavailable (private mode); the choice still applies to this page.
  }
  applyTheme(theme);
}

/** Applies the stored theme before the first render and follows the OS while the choice is "system". */
export function initTheme() {
  applyTheme(getStoredTheme());
  if (typeof window.matchMedia !== 'function') return;
  window.matchMedia(darkQuery).addEventListener('change', () => {
    if (getStoredTheme() === 'system') applyTheme('system');
  });
}
