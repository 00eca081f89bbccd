import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type InboxSearch, parseInboxSearch } from '../lib/inbox-search';

/** The inbox filters as they stand in the URL, and a setter that keeps the other params. */
export function useInboxSearch() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseInboxSearch(params), [params]);
  const setSearch = useCallback(
    (patch: Partial<InboxSearch>, options: { replace?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );
  return { search, setSearch };
}
