import { useCallback, useMemo, useState } from 'react';

/**
 * Rows picked for a bulk decision, by id. Shift-click picks the range from the last row clicked; ids
 * that left the list (answered, filtered out) no longer count as selected.
 */
export function useSelection(selectableIds: readonly string[]) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);

  const selected = useMemo(
    () => selectableIds.filter((id) => picked.has(id)),
    [selectableIds, picked],
  );

  const toggle = useCallback(
    (id: string, range = false) => {
      setPicked((current) => {
        const next = new Set(current);
        const from = anchor === null ? -1 : selectableIds.indexOf(anchor);
        const to = selectableIds.indexOf(id);
        if (range && from >= 0 && to >= 0) {
          const on = !current.has(id);
          for (const rangeId of selectableIds.slice(Math.min(from, to), Math.max(from, to) + 1)) {
            if (on) next.add(rangeId);
            else next.delete(rangeId);
          }
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      setAnchor(id);
    },
    [anchor, selectableIds],
  );

  const selectAll = useCallback(() => setPicked(new Set(selectableIds)), [selectableIds]);
  const clear = useCallback(() => setPicked(new Set()), []);
  const isSelected = useCallback((id: string) => picked.has(id), [picked]);
  const remove = useCallback(
    (ids: readonly string[]) =>
      setPicked((current) => new Set([...current].filter((id) => !ids.includes(id)))),
    [],
  );

  return { selected, toggle, selectAll, clear, isSelected, remove };
}

export type Selection = ReturnType<typeof useSelection>;
