import { useMemo } from 'react';
import { cn } from '../../../components/ui/cn';
import { renderMarkdown } from '../../../lib/markdown';

const prose = cn(
  'text-sm leading-6 break-words text-slate-800 dark:text-slate-200',
  '[&_h4]:mt-4 [&_h4]:mb-2 [&_h4]:text-base [&_h4]:font-semibold [&_h5]:mt-3 [&_h5]:mb-1 [&_h5]:font-semibold',
  '[&_h6]:mt-3 [&_h6]:mb-1 [&_h6]:font-semibold [&>*:first-child]:mt-0',
  '[&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:my-0.5',
  '[&_a]:text-indigo-700 [&_a]:underline [&_a]:underline-offset-2 dark:[&_a]:text-indigo-300',
  '[&_a:not([href])]:text-current [&_a:not([href])]:no-underline',
  '[&_blockquote]:my-2 [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 dark:[&_blockquote]:border-slate-600 dark:[&_blockquote]:text-slate-400',
  '[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em] dark:[&_code]:bg-slate-800',
  '[&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-100 [&_pre]:p-3 dark:[&_pre]:bg-slate-800 [&_pre_code]:bg-transparent [&_pre_code]:p-0',
  '[&_table]:my-2 [&_table]:block [&_table]:overflow-x-auto [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-slate-200 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left dark:[&_td]:border-slate-700 dark:[&_th]:border-slate-700',
  '[&_hr]:my-3 [&_hr]:border-slate-200 dark:[&_hr]:border-slate-700 [&_img]:max-w-full',
);

type MarkdownProps = { source: string; className?: string };

/** Agent-written markdown, sanitised before it reaches the DOM; its headings start at h4, under the card's h3. */
export function Markdown({ source, className }: MarkdownProps) {
  const html = useMemo(() => renderMarkdown(source, { headingOffset: 3 }), [source]);
  return (
    <div dir="auto" className={cn(prose, className)} dangerouslySetInnerHTML={{ __html: html }} />
  );
}

/**
 * A long agent document (a plan, an output) in a bordered panel, whole on the page: an inner scroll box
 * hid most of a long plan behind a cue nobody saw, above the button that approves it.
 */
export function MarkdownPanel({ source }: { source: string }) {
  return (
    <div className="rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <Markdown source={source} />
    </div>
  );
}
