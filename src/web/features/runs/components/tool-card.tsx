import { useId, useState } from 'react';
import type { ToolResponse } from '../../../../shared/requests';
import { describeScope } from '../../../components/rule-scope/describe-scope';
import { scopeFromDraft, type ScopeValue } from '../../../components/rule-scope/scope-draft';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useCardKeys } from '../hooks/use-card-keys';
import { useAnswer } from '../hooks/use-answer';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, answerBlocked, mayAnswer } from './answer-card-props';
import { CardFrame } from './card-frame';
import { JsonBlock } from './json-block';
import { type RememberDraft, RememberScope, rememberDraftFor } from './remember-scope';
import { Textarea } from './textarea';

type ToolDraft = { note: string; remember: boolean; scope: RememberDraft };
type Scope = ScopeValue & { customer: string | null };

export function ToolCard({
  request,
  role,
  hotkeys = false,
  onAnswered,
  customer = null,
}: AnswerCardProps<'tool'>) {
  const ids = { note: useId(), remember: useId(), rememberHint: useId() };
  const [confirmingScope, setConfirmingScope] = useState<Scope | null>(null);
  const [scopeErrors, setScopeErrors] = useState<Record<string, string>>({});
  const { draft, update, clear } = useDraft<ToolDraft>(request.id, () => ({
    note: '',
    remember: false,
    scope: rememberDraftFor(request.input),
  }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  const canRemember = role === 'admin' && request.canRemember !== false;
  const ready = canAnswer && request.status === 'pending' && !answer.isPending;

  const remembering = canRemember && draft.remember;
  const scopeCustomer = customer && !draft.scope.allCustomers ? customer : null;

  const send = (decision: ToolResponse['decision'], scope?: Scope) => {
    const note = draft.note.trim();
    const response: ToolResponse = { decision };
    if (decision === 'approve' && scope) {
      response.remember = true;
      response.rememberScope = scope;
    }
    if (note) response.note = note;
    answer.submit(response, decision);
  };
  // Remembering approves later calls at once, without a person: check the scope, then ask first.
  const decide = (decision: ToolResponse['decision']) => {
    if (!ready) return;
    if (decision !== 'approve' || !remembering) return send(decision);
    const scope = scopeFromDraft(draft.scope);
    setScopeErrors(scope.ok ? {} : scope.errors);
    if (scope.ok) setConfirmingScope({ customer: scopeCustomer, ...scope.value });
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
            {canRemember && (
              <label
                htmlFor={ids.remember}
                className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200"
              >
                <input
                  id={ids.remember}
                  aria-describedby={ids.rememberHint}
                  type="checkbox"
                  checked={draft.remember}
                  onChange={(e) => update({ remember: e.target.checked })}
                  className="size-4 accent-indigo-600"
                />
                Remember for this customer
              </label>
            )}
            {canRemember && (
              <p
                id={ids.rememberHint}
                className="-mt-2 pl-6 text-xs text-slate-600 dark:text-slate-400"
              >
                Later calls of {request.tool} within the scope you set are then approved at once.
              </p>
            )}
            {remembering && (
              <RememberScope
                draft={draft.scope}
                onChange={(scope) => update({ scope })}
                errors={scopeErrors}
                customer={customer}
              />
            )}
            <ConfirmDialog
              open={confirmingScope !== null}
              onOpenChange={(open) => !open && setConfirmingScope(null)}
              title="Approve and remember?"
              description={
                confirmingScope
                  ? `${describeScope({ tool: request.tool, ...confirmingScope })} An admin can pause or remove it under Rules.`
                  : ''
              }
              confirmLabel="Approve and remember"
              onConfirm={() => confirmingScope && send('approve', confirmingScope)}
            />
            <div className="flex flex-wrap gap-2">
              <Button
                type="submit"
                shortcut="a"
                isLoading={answer.isSending('approve')}
                disabled={answer.isPending}
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
        <div className="space-y-1">
          <p className="font-medium text-slate-800 dark:text-slate-200">Input</p>
          <JsonBlock value={request.input} />
        </div>
      </div>
    </CardFrame>
  );
}
