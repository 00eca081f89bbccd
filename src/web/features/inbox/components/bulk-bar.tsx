import { Button } from '../../../components/ui/button';

type BulkBarProps = {
  selectedCount: number;
  selectableCount: number;
  onSelectAll: () => void;
  onClear: () => void;
  onDecide: (decision: 'approve' | 'deny') => void;
};

/** Picking tool calls for one decision: how many are picked, and what to do with them. */
export function BulkBar({
  selectedCount,
  selectableCount,
  onSelectAll,
  onClear,
  onDecide,
}: BulkBarProps) {
  if (selectableCount === 0) return null;
  return (
    <div
      role="toolbar"
      aria-label="Tool calls picked for one decision"
      className="mb-3 flex flex-wrap items-center gap-2 text-sm"
    >
      {selectedCount === 0 ? (
        <>
          <span className="text-slate-600 dark:text-slate-400">
            Pick tool calls with their box, <kbd className="font-mono">x</kbd> or shift-click.
          </span>
          <Button variant="ghost" size="sm" onClick={onSelectAll}>
            Select all shown
          </Button>
        </>
      ) : (
        <>
          <span className="font-medium text-slate-900 dark:text-slate-100">
            {selectedCount} selected
          </span>
          <Button size="sm" onClick={() => onDecide('approve')}>
            Approve selected
          </Button>
          <Button variant="secondary" size="sm" onClick={() => onDecide('deny')}>
            Deny selected
          </Button>
          {selectedCount < selectableCount && (
            <Button variant="ghost" size="sm" onClick={onSelectAll}>
              Select all shown
            </Button>
          )}
          <Button variant="ghost" size="sm" onClick={onClear}>
            Clear selection
          </Button>
        </>
      )}
    </div>
  );
}
