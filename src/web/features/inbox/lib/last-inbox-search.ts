import { type InboxSearch, parseInboxSearch } from './inbox-search';

const storageKey = 'countersign:inbox-search';

/** The inbox's filters as a URL query (`?kind=tool&q=refund`), or '' when none is set. */
export function inboxQuery(search: InboxSearch): string {
  const params = new URLSearchParams();
  if (search.kind) params.set('kind', search.kind);
  if (search.source) params.set('source', search.source);
  if (search.q.trim()) params.set('q', search.q.trim());
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Remembers the filters the reviewer last saw the inbox with, for this tab (a reload keeps them). */
export function rememberInboxSearch(search: InboxSearch): void {
  try {
    sessionStorage.setItem(storageKey, inboxQuery(search));
  } catch {
    // Storage disabled: moving on falls back to the unfiltered inbox.
  }
}

/** The filters the reviewer last saw the inbox with; none if the inbox was never opened in this tab. */
export function lastInboxSearch(): InboxSearch {
  let query = '';
  try {
    query = sessionStorage.getItem(storageKey) ?? '';
  } catch {
    // As above.
  }
  return parseInboxSearch(new URLSearchParams(query));
}
