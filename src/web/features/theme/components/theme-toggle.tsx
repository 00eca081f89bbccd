import { useState } from 'react';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { getStoredTheme, setTheme, type Theme } from '../theme';

const labels: Record<Theme, string> = { light: 'Light', dark: 'Dark', system: 'System' };
const next: Record<Theme, Theme> = { light: 'dark', dark: 'system', system: 'light' };

const icons: Record<Theme, React.ReactNode> = {
  light: (
    <>
      <circle cx="10" cy="10" r="3.5" />
      <path d="M10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4" />
    </>
  ),
  dark: <path d="M16 12.5A6.5 6.5 0 0 1 7.5 4a6.5 6.5 0 1 0 8.5 8.5Z" />,
  system: (
    <>
      <rect x="2.5" y="3.5" width="15" height="10" rx="1.5" />
      <path d="M7 17h6M10 13.5V17" />
    </>
  ),
};

/** One button that cycles light → dark → system; the choice is kept in localStorage. */
export function ThemeToggle() {
  const [theme, setCurrent] = useState<Theme>(getStoredTheme);
  const choose = () => {
    const value = next[theme];
    setTheme(value);
    setCurrent(value);
  };
  return (
    <button
      type="button"
      onClick={choose}
      aria-label={`Theme: ${labels[theme]}`}
      title={`Theme: ${labels[theme]} (switch to ${labels[next[theme]]})`}
      className={cn(
        'rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100',
        focusRing,
      )}
    >
      <svg
        viewBox="0 0 20 20"
        className="size-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        {icons[theme]}
      </svg>
    </button>
  );
}
