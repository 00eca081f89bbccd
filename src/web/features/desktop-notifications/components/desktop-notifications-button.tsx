import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import type { DesktopState } from '../lib/desktop-notification';

const titles: Record<Exclude<DesktopState, 'unsupported'>, string> = {
  off: 'Desktop notifications are off: turn them on to hear of new requests while this tab is in the background',
  on: 'Desktop notifications are on: turn them off',
  blocked: 'This browser blocks notifications from Countersign: allow them in its site settings',
};

type DesktopNotificationsButtonProps = {
  state: DesktopState;
  onTurnOn: () => void;
  onTurnOff: () => void;
};

/** A bell in the header: asks the browser's permission only when clicked, never on load. */
export function DesktopNotificationsButton({
  state,
  onTurnOn,
  onTurnOff,
}: DesktopNotificationsButtonProps) {
  if (state === 'unsupported') return null;
  return (
    <button
      type="button"
      aria-label={state === 'on' ? 'Desktop notifications: on' : 'Desktop notifications: off'}
      aria-pressed={state === 'on'}
      title={titles[state]}
      disabled={state === 'blocked'}
      onClick={state === 'on' ? onTurnOff : onTurnOn}
      className={cn(
        'rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100',
        state === 'on' && 'text-indigo-700 dark:text-indigo-300',
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
        <path d="M5 8a5 5 0 0 1 10 0v3.5l1.5 2.5h-13L5 11.5Z" />
        <path d="M8.5 16.5a1.7 1.7 0 0 0 3 0" />
        {state !== 'on' && <path d="M3 3l14 14" />}
      </svg>
    </button>
  );
}
