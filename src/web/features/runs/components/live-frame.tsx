import { useLayoutEffect, useRef, useState } from 'react';
import { liveViewSandbox } from '../../../../shared/live-view';
import { canFrame, toSafeHttpUrl } from '../../../lib/safe-url';

export const NEW_TAB_LINK = 'Open in new tab';
export const USE_LIVE_VIEW = 'Use the live view';
export const FRAME_BLOCKED =
  'This live view comes from an address that was not known when the page loaded. Reload the page to show it here, or open it in a new tab.';
export const NO_LIVE_VIEW = 'This run has no live view.';
export const LIVE_VIEW_ENDED = 'This run has finished, so its live view has ended with it.';

type LiveFrameProps = {
  url: string | null;
  /** The run has finished: its remote browser is gone, so an empty frame is not shown for it. */
  ended?: boolean;
  /** What to say instead of the frame when there is no live view. */
  missing?: string;
};

/**
 * Whether the page's CSP refused to frame `url`: frame-src names the live-view origins known when
 * the page loaded, so one that appeared since is refused until a reload.
 */
function useFrameBlocked(url: string | null): boolean {
  const [blocked, setBlocked] = useState<string | null>(null);
  // A layout effect: the refusal is reported in a task queued when the frame is inserted.
  useLayoutEffect(() => {
    if (!url) return;
    const origin = new URL(url).origin;
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      if (!/^(frame|child)-src/.test(event.effectiveDirective)) return;
      if (event.blockedURI && event.blockedURI.startsWith(origin)) setBlocked(url);
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, [url]);
  return blocked !== null && blocked === url;
}

/** The run's remote browser in the narrowest sandbox it works in, with a link to open it on its own. */
export function LiveFrame({ url, ended = false, missing = NO_LIVE_VIEW }: LiveFrameProps) {
  const safe = toSafeHttpUrl(url);
  const blocked = useFrameBlocked(safe);
  // The remote page's own controls stay out of the tab order (and out of reach of the page's keys) until
  // the reviewer clicks into the view: Tab on the run page moves through Countersign, not a remote site.
  const [engaged, setEngaged] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  if (!safe || ended) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {safe ? LIVE_VIEW_ENDED : missing}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {!canFrame(safe) ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          This live view is served from Countersign's own address, so it is not embedded here.
        </p>
      ) : blocked ? (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {FRAME_BLOCKED}
        </p>
      ) : (
        <div className="relative">
          <iframe
            ref={frame}
            src={safe}
            title="Live view"
            sandbox={liveViewSandbox(safe)}
            referrerPolicy="no-referrer"
            inert={!engaged}
            className="block h-[28rem] w-full rounded-md border border-slate-200 bg-slate-50 sm:aspect-video sm:h-auto dark:border-slate-800 dark:bg-slate-950"
          />
          {!engaged && (
            <button
              type="button"
              onClick={() => {
                setEngaged(true);
                requestAnimationFrame(() => frame.current?.focus());
              }}
              className="group absolute inset-0 flex cursor-pointer items-end justify-center rounded-md p-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400"
            >
              <span className="rounded-md bg-slate-900/80 px-2.5 py-1 text-xs font-medium text-white opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100">
                {USE_LIVE_VIEW}
              </span>
            </button>
          )}
        </div>
      )}
      <a
        href={safe}
        target="_blank"
        rel="noopener noreferrer"
        className="inline-block rounded text-sm font-medium text-indigo-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300"
      >
        {NEW_TAB_LINK}
      </a>
    </div>
  );
}
