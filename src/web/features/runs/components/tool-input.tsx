import { useId, useMemo } from 'react';
import { diffJson } from '../../../../shared/json-diff';
import type { RequestOf } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { formatInput, parseEditedInput } from '../lib/edited-input';
import { InputDiff } from './input-diff';
import { JsonBlock } from './json-block';
import { Textarea } from './textarea';

export const NOT_EDITABLE_NOTE =
  'This platform runs the input as the agent sent it, so it cannot be edited here.';

type ToolInputProps = {
  request: RequestOf<'tool'>;
  /** The JSON being edited, or null while the agent's input is shown as is. */
  editing: string | null;
  onEdit: (text: string | null) => void;
  /** Whether this person may edit now: the request waits, the role answers, the platform carries it. */
  canEdit: boolean;
  /** Set when Approve found the JSON unusable. */
  showError: boolean;
  editorId: string;
};

/** The tool's input: shown as the agent sent it, or in a JSON editor with a diff against it. */
export function ToolInput({
  request,
  editing,
  onEdit,
  canEdit,
  showError,
  editorId,
}: ToolInputProps) {
  const errorId = useId();
  const parsed = useMemo(() => (editing === null ? null : parseEditedInput(editing)), [editing]);
  const changes = useMemo(
    () => (parsed?.ok ? diffJson(request.input, parsed.value) : []),
    [parsed, request.input],
  );
  const error = parsed && !parsed.ok ? parsed.error : null;

  if (editing === null || !canEdit) {
    return (
      <div className="space-y-1">
        <div className="flex items-center justify-between gap-2">
          <p className="font-medium text-slate-800 dark:text-slate-200">Input</p>
          {canEdit && (
            <Button
              variant="secondary"
              size="sm"
              onClick={() => onEdit(formatInput(request.input))}
            >
              Edit input
            </Button>
          )}
        </div>
        <JsonBlock value={request.input} />
        {request.status === 'pending' && request.editable === false && (
          <p className="text-xs text-slate-600 dark:text-slate-400">{NOT_EDITABLE_NOTE}</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={editorId} className="font-medium text-slate-800 dark:text-slate-200">
          Input (JSON)
        </label>
        <Button variant="ghost" size="sm" onClick={() => onEdit(null)}>
          Undo edits
        </Button>
      </div>
      <Textarea
        id={editorId}
        value={editing}
        rows={Math.min(20, Math.max(6, editing.split('\n').length + 1))}
        spellCheck={false}
        autoComplete="off"
        className="font-mono text-xs leading-5"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onEdit(e.target.value)}
      />
      {error && (
        <p
          id={errorId}
          role={showError ? 'alert' : undefined}
          className="text-sm text-red-700 dark:text-red-400"
        >
          {error}
        </p>
      )}
      {!error && (
        <div className="space-y-1">
          <p className="text-xs font-medium text-slate-700 dark:text-slate-300">
            {changes.length
              ? 'Changes from the agent’s input'
              : 'No changes from the agent’s input yet.'}
          </p>
          {changes.length > 0 && <InputDiff changes={changes} label="Changes to the input" />}
        </div>
      )}
    </div>
  );
}
