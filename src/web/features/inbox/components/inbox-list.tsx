import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { RunSummary } from '../../../../shared/runs';
import { paths } from '../../../config/paths';
import { useHotkeys } from '../../../lib/use-hotkeys';
import { InboxRow } from './inbox-row';

export const ROW_HEIGHT = 64;
const PREFETCH_ROWS = 40;

type InboxListProps = {
  runs: RunSummary[];
  sourceNames: ReadonlyMap<string, string>;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** Called when the end of the loaded rows comes near. */
  onLoadMore: () => void;
  /** Picking rows for a bulk decision: which rows can be picked, which are, and toggling one. */
  selection?: {
    canSelect: (run: RunSummary) => boolean;
    isSelected: (id: string) => boolean;
    toggle: (id: string, range?: boolean) => void;
  };
};

/** The list's distance from the top of the document, which the window virtualizer needs. */
function useDocumentTop(ref: React.RefObject<HTMLElement | null>) {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() =>
      setTop(element.getBoundingClientRect().top + window.scrollY),
    );
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return top;
}

export function InboxList({
  runs,
  sourceNames,
  hasNextPage,
  isFetchingNextPage,
  onLoadMore,
  selection,
}: InboxListProps) {
  const navigate = useNavigate();
  const listRef = useRef<HTMLDivElement>(null);
  const scrollMargin = useDocumentTop(listRef);
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeIndex = activeId === null ? -1 : runs.findIndex((run) => run.id === activeId);

  const virtualizer = useWindowVirtualizer({
    count: runs.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin,
    getItemKey: (index) => runs[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= runs.length - PREFETCH_ROWS)
      onLoadMore();
  }, [lastIndex, runs.length, hasNextPage, isFetchingNextPage, onLoadMore]);

  const move = (delta: number) => {
    if (runs.length === 0) return;
    const next = activeIndex < 0 ? 0 : Math.min(runs.length - 1, Math.max(0, activeIndex + delta));
    setActiveId(runs[next]!.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  useHotkeys({
    j: () => move(1),
    k: () => move(-1),
    x: () => {
      const run = runs[activeIndex];
      if (run && selection?.canSelect(run)) selection.toggle(run.id);
    },
    Enter: (event) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('a, button')) {
        target.click();
        return;
      }
      if (activeIndex >= 0) navigate(paths.run.getHref(runs[activeIndex]!.id));
    },
  });

  return (
    <>
      <div
        ref={listRef}
        role="grid"
        aria-label="Waiting runs"
        aria-rowcount={hasNextPage ? -1 : runs.length}
        className="relative rounded-md border border-slate-200 dark:border-slate-800"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const run = runs[item.index]!;
          const selectable = selection?.canSelect(run) ?? false;
          return (
            <InboxRow
              key={item.key}
              run={run}
              index={item.index}
              sourceName={sourceNames.get(run.sourceId) ?? run.sourceId}
              selected={item.index === activeIndex}
              checked={selectable ? selection!.isSelected(run.id) : undefined}
              onCheck={(range) => selection?.toggle(run.id, range)}
              style={{
                height: item.size,
                transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
              }}
            />
          );
        })}
      </div>
      {isFetchingNextPage && (
        <p className="py-3 text-center text-sm text-slate-600 dark:text-slate-400">Loading more…</p>
      )}
    </>
  );
}
