import type { BulkOutcome, BulkResult } from '../../../../shared/bulk';
import { Badge, type BadgeTone } from '../../../components/ui/badge';
import type { BulkItem } from '../lib/bulk-items';

const outcomeLabels: Record<BulkOutcome, [string, BadgeTone]> = {
  answered: ['Answered', 'green'],
  countersign: ['Needs countersigning', 'violet'],
  already_answered: ['Already answered', 'amber'],
  closed: ['Closed', 'neutral'],
  not_allowed: ['Not allowed', 'red'],
  not_found: ['Not found', 'red'],
};

type BulkResultsProps = { items: readonly BulkItem[]; results: readonly BulkResult[] };

/** What became of each tool call in a bulk decision. */
export function BulkResults({ items, results }: BulkResultsProps) {
  const itemOf = (id: string) => items.find((item) => item.requestId === id);
  return (
    <ul
      aria-label="Results"
      className="max-h-80 divide-y divide-slate-200 overflow-y-auto text-sm dark:divide-slate-800"
    >
      {results.map((result) => {
        const item = itemOf(result.requestId);
        const [label, tone] = outcomeLabels[result.outcome];
        return (
          <li key={result.requestId} className="space-y-0.5 py-2">
            <div className="flex items-start justify-between gap-2">
              <span className="min-w-0 font-medium break-words">
                {item?.runTitle ?? result.requestId}
              </span>
              <Badge tone={tone}>{label}</Badge>
            </div>
            {result.outcome !== 'answered' && (
              <p className="text-xs text-slate-600 dark:text-slate-400">{result.message}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
