import { useId, useState } from 'react';
import { jsonEqual } from '../../../../shared/json-diff';
import type { ToolResponse } from '../../../../shared/requests';
import { describeScope } from '../../../components/rule-scope/describe-scope';
import { scopeFromDraft, type ScopeValue } from '../../../components/rule-scope/scope-draft';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useCardKeys } from '../hooks/use-card-keys';
import { useAnswer } from '../hooks/use-answer';
import { useDraft } from '../hooks/use-draft';
import { useMe } from '../hooks/use-me';
import { parseEditedInput } from '../lib/edited-input';
import { type AnswerCardProps, answerBlocked, focusField, mayAnswer } from './answer-card-props';
import { AnswerOptions } from './answer-options';
import { CardFrame } from './card-frame';
import { CountersignProgress } from './countersign-progress';
import { type RememberDraft, RememberSection, rememberDraftFor } from './remember-scope';
import { Textarea } from './textarea';
import { ToolInput } from './tool-input';

/** `editing` is the input's JSON as the reviewer edits it, or null for the agent's own input. */
type ToolDraft = {
  note: string;
  remember: boolean;
  scope: RememberDraft;
  editing: string | null;
  /** The agent's reason to deny the reviewer picked, if it offered any. */
  denyOption?: string | null;
};
type Scope = ScopeValue & { customer: string | null };
type Approval = { input?: Record<string, unknown>; scope?: Scope };

export function ToolCard({
  request,
  role,
  hotkeys = false,
  onAnswered,
  customer = null,
}: AnswerCardProps<'tool'>) {
  const ids = { note: useId(), editor: useId() };
  const me = useMe();
  const [confirming, setConfirming] = useState<Approval | null>(null);
  const [scopeErrors, setScopeErrors] = useState<Record<string, string>>({});
  const [showInputError, setShowInputError] = useState(false);
  const { draft, update, clear } = useDraft<ToolDraft>(request.id, () => ({
    note: '',
    remember: false,
    scope: rememberDraftFor(request.input),
    editing: null,
  }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  // A call held for several approvers runs exactly as asked, and no rule may skip its approvers.
  const held = request.countersign;
  const canRemember = role === 'admin' && request.canRemember !== false && !held;
  const canEdit = canAnswer && request.status === 'pending' && request.editable !== false && !held;
  const approvedByMe = !!held && held.approvals.some((a) => a.by === me?.username);
  const ready = canAnswer && request.status === 'pending' && !answer.isPending;
  const remembering = canRemember && draft.remember;
  const edited = canEdit && draft.editing !== null ? parseEditedInput(draft.editing) : null;

  const scopeOwner = () => (customer && !draft.scope.allCustomers ? customer : null);
  const approvedInput = () => (edited?.ok ? edited.value : request.input);

  const send = (decision: ToolResponse['decision'], approval: Approval = {}) => {
    const note = draft.note.trim();
    const response: ToolResponse = { decision };
    if (decision === 'approve' && approval.input) response.input = approval.input;
    if (decision === 'approve' && approval.scope) {
      response.remember = true;
      response.rememberScope = approval.scope;
    }
    if (note) response.note = note;
    if (decision === 'deny' && draft.denyOption) response.denyOption = draft.denyOption;
    answer.submit(response, decision);
  };
  // What is approved is what runs: an edit must parse, and remembering asks first.
  const decide = (decision: ToolResponse['decision']) => {
    if (!ready || (decision === 'approve' && approvedByMe)) return;
    if (decision === 'deny') return send('deny');
    if (edited && !edited.ok) {
      setShowInputError(true);
      return focusField(ids.editor);
    }
    const input = edited?.ok && !jsonEqual(edited.value, request.input) ? edited.value : undefined;
    if (!remembering) return send('approve', { input });
    const scope = scopeFromDraft(draft.scope);
    setScopeErrors(scope.ok ? {} : scope.errors);
    if (scope.ok) setConfirming({ input, scope: { customer: scopeOwner(), ...scope.value } });
  };

  const blocked = answerBlocked(role, request, answer.isPending);
  useCardKeys(hotkeys, {
    a: blocked ?? (() => decide('approve')),
    d: blocked ?? (() => decide('deny')),
  });

  return (
    <CardFrame
      request={request}
      answer={answer}
      canAnswer={canAnswer}
      unsent={draft.note}
      form={
        <form
          onSubmit={(event) => {
            event.preventDefault();
            decide('approve');
          }}
        >
          <fieldset disabled={!canAnswer} className="space-y-3">
            <div className="space-y-1">
              <label
                htmlFor={ids.note}
                className="text-sm font-medium text-slate-800 dark:text-slate-200"
              >
                Note (optional)
              </label>
              <Textarea
                id={ids.note}
                rows={2}
                value={draft.note}
                onChange={(e) => update({ note: e.target.value })}
              />
            </div>
            {request.denyOptions && (
              <AnswerOptions
                legend="Reason, if you deny"
                options={request.denyOptions}
                value={draft.denyOption ?? null}
                onChange={(denyOption) => update({ denyOption })}
              />
            )}
            {canRemember && (
              <RememberSection
                tool={request.tool}
                remember={draft.remember}
                onRememberChange={(remember) =>
                  update(
                    remember
                      ? { remember, scope: rememberDraftFor(approvedInput()) }
                      : { remember },
                  )
                }
                scope={draft.scope}
                onScopeChange={(scope) => update({ scope })}
                errors={scopeErrors}
                customer={customer}
              />
            )}
            <ConfirmDialog
              open={confirming !== null}
              onOpenChange={(open) => !open && setConfirming(null)}
              title="Approve and remember?"
              description={
                confirming?.scope
                  ? `${describeScope({ tool: request.tool, ...confirming.scope })} An admin can pause or remove it under Rules.`
                  : ''
              }
              confirmLabel="Approve and remember"
              onConfirm={() => confirming && send('approve', confirming)}
            />
            <div className="flex flex-wrap gap-2">
              <Button
                type="submit"
                shortcut="a"
                isLoading={answer.isSending('approve')}
                disabled={answer.isPending || approvedByMe}
              >
                {answer.isSending('approve') ? 'Sending…' : 'Approve'}
              </Button>
              <Button
                variant="secondary"
                shortcut="d"
                isLoading={answer.isSending('deny')}
                disabled={answer.isPending}
                onClick={() => decide('deny')}
              >
                {answer.isSending('deny') ? 'Sending…' : 'Deny'}
              </Button>
            </div>
          </fieldset>
        </form>
      }
    >
      <div className="space-y-3 text-sm">
        <p className="text-slate-700 dark:text-slate-300">
          The agent wants to run{' '}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.85em] font-semibold break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100">
            {request.tool}
          </code>
        </p>
        {request.reason && (
          <div>
            <p className="font-medium text-slate-800 dark:text-slate-200">Reason</p>
            <p
              dir="auto"
              className="whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300"
            >
              {request.reason}
            </p>
          </div>
        )}
        {held && request.status === 'pending' && (
          <CountersignProgress countersign={held} me={me?.username ?? null} />
        )}
        <ToolInput
          request={request}
          editing={draft.editing}
          onEdit={(editing) => {
            setShowInputError(false);
            update({ editing });
          }}
          canEdit={canEdit}
          showError={showInputError}
          editorId={ids.editor}
        />
      </div>
    </CardFrame>
  );
}
