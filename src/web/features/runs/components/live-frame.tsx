import { canFrame, toSafeHttpUrl } from '../../../lib/safe-url';

export const NEW_TAB_LINK = 'Open in new tab';

type LiveFrameProps = { url: string | null };

/** The run's remote browser, sandboxed, with a link to open it on its own. */
export function LiveFrame({ url }: LiveFrameProps) {
  const safe = toSafeHttpUrl(url);
  if (!safe) {
    return <p className="text-sm text-slate-700 dark:text-slate-300">This run has no live view.</p>;
  }
  return (
    <div className="space-y-2">
      {canFrame(safe) ? (
        <iframe
          src={safe}
          title="Live view"
          sandbox="allow-scripts allow-same-origin allow-forms"
          referrerPolicy="no-referrer"
          className="h-[28rem] w-full sm:h-auto sm:aspect-video rounded-md border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950"
        />
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          This live view is served from Countersign's own address, so it is not embedded here.
        </p>
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
