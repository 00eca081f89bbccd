import type { Source } from '../../../../shared/sources';
import { Badge } from '../../../components/ui/badge';
import { formatDateTime } from '../../../lib/format-time';

export function SourcesList({ sources }: { sources: Source[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
      {sources.map((source) => (
        <li key={source.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5">
          <span className="font-medium text-slate-900 dark:text-slate-50">{source.name}</span>
          <Badge>{source.kind}</Badge>
          <code className="text-xs text-slate-600 dark:text-slate-400">{source.id}</code>
          <span className="ml-auto text-xs text-slate-600 dark:text-slate-400">
            Added <time dateTime={source.createdAt}>{formatDateTime(source.createdAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}
