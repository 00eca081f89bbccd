import type { BulkResult } from '../../../../shared/bulk';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { inputLine, type BulkItem } from '../lib/bulk-items';
import { BulkResults } from './bulk-results';

export type BulkStage =
  | { stage: 'loading' }
  | { stage: 'failed'; message: string; retry?: BulkItem[] }
  | { stage: 'confirm'; items: BulkItem[]; nothingLeft: number }
  | { stage: 'sending'; items: BulkItem[] }
  | { stage: 'done'; items: BulkItem[]; results: BulkResult[] };

type BulkDialogProps = {
  decision: 'approve' | 'deny';
  state: BulkStage | null;
  onConfirm: (items: BulkItem[]) => void;
  onClose: () => void;
};

const calls = (n: number) => `${n} tool ${n === 1 ? 'call' : 'calls'}`;

function ItemList({ items }: { items: readonly BulkItem[] }) {
  return (
    <ul
      aria-label="Tool calls"
      className="max-h-72 divide-y divide-slate-200 overflow-y-auto text-sm dark:divide-slate-800"
    >
      {items.map((item) => (
        <li key={item.requestId} className="space-y-0.5 py-2">
          <p className="font-medium break-words text-slate-900 dark:text-slate-100">
            {item.runTitle}
          </p>
          <p className="font-mono text-xs break-all text-slate-700 dark:text-slate-300">
            {item.tool} {inputLine(item.input)}
          </p>
          {item.countersign && (
            <p className="text-xs text-violet-800 dark:text-violet-300">
              Needs {item.countersign.required} approvals: yours counts as one
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Lists what a bulk decision will approve or deny, asks once, then shows what became of each. */
export function BulkDialog({ decision, state, onConfirm, onClose }: BulkDialogProps) {
  const verb = decision === 'approve' ? 'Approve' : 'Deny';
  const items = state && 'items' in state ? state.items : [];
  const title =
    state?.stage === 'done'
      ? 'Results'
      : `${verb} ${items.length ? calls(items.length) : 'tool calls'}?`;
  return (
    <Dialog open={state !== null} onOpenChange={(open) => !open && onClose()}>
      {state && (
        <DialogContent title={title} className="max-w-lg">
          {state.stage === 'loading' && <p className="text-sm">Reading the selected runs…</p>}
          {state.stage === 'failed' && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {state.message}
            </p>
          )}
          {(state.stage === 'confirm' || state.stage === 'sending') && (
            <>
              {items.length > 0 ? (
                <ItemList items={items} />
              ) : (
                <p className="text-sm">None of the selected runs waits on a tool call any more.</p>
              )}
              {state.stage === 'confirm' && state.nothingLeft > 0 && (
                <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
                  {state.nothingLeft} selected {state.nothingLeft === 1 ? 'run has' : 'runs have'}{' '}
                  no tool call waiting any more.
                </p>
              )}
            </>
          )}
          {state.stage === 'done' && <BulkResults items={state.items} results={state.results} />}
          <div className="mt-4 flex flex-wrap justify-end gap-2">
            {state.stage === 'done' ? (
              <Button onClick={onClose}>Done</Button>
            ) : state.stage === 'failed' ? (
              <>
                <DialogClose asChild>
                  <Button variant="secondary">Close</Button>
                </DialogClose>
                {state.retry && (
                  <Button onClick={() => state.retry && onConfirm(state.retry)}>Try again</Button>
                )}
              </>
            ) : (
              <>
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                {items.length > 0 && (
                  <Button
                    variant={decision === 'deny' ? 'danger' : 'primary'}
                    isLoading={state.stage === 'sending'}
                    onClick={() => onConfirm(items)}
                  >
                    {`${verb} ${calls(items.length)}`}
                  </Button>
                )}
              </>
            )}
          </div>
        </DialogContent>
      )}
    </Dialog>
  );
}
