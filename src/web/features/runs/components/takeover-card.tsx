import { useId, useState } from 'react';
import type { TakeoverResponse } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useAnswer } from '../hooks/use-answer';
import { useCardKeys } from '../hooks/use-card-keys';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, answerBlocked, mayAnswer } from './answer-card-props';
import { CardFrame } from './card-frame';
import { LiveFrame } from './live-frame';

export const NO_TAKEOVER_VIEW =
  'This run has no live view (the platform gave none for it), so take over in the platform’s own tools, then hand back here.';
import { Textarea } from './textarea';

type TakeoverCardProps = AnswerCardProps<'takeover'> & { liveUrl: string | null };

export function TakeoverCard({
  request,
  role,
  liveUrl,
  hotkeys = false,
  onAnswered,
}: TakeoverCardProps) {
  const followUpId = useId();
  const { draft, update, clear } = useDraft(request.id, () => ({ followUp: '' }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  const [confirmingStop, setConfirmingStop] = useState(false);

  const handBack = (event?: React.FormEvent) => {
    event?.preventDefault();
    if (answer.isPending) return;
    const followUp = draft.followUp.trim();
    const response: TakeoverResponse = followUp
      ? { decision: 'handback', followUp }
      : { decision: 'handback' };
    answer.submit(response, 'handback');
  };

  const blocked = answerBlocked(role, request, answer.isPending);
  const neither = 'A takeover is handed back to the agent (h) or its run stopped (x).';
  useCardKeys(hotkeys, {
    a: blocked ?? neither,
    d: blocked ?? neither,
    h: blocked ?? (() => handBack()),
    x: blocked ?? (() => setConfirmingStop(true)),
  });

  return (
    <CardFrame
      request={request}
      answer={answer}
      canAnswer={canAnswer}
      unsent={draft.followUp}
      form={
        <form onSubmit={handBack}>
          <fieldset disabled={!canAnswer} className="space-y-3">
            <div className="space-y-1">
              <label
                htmlFor={followUpId}
                className="text-sm font-medium text-slate-800 dark:text-slate-200"
              >
                Follow-up instruction (optional)
              </label>
              <Textarea
                id={followUpId}
                rows={2}
                value={draft.followUp}
                onChange={(e) => update({ followUp: e.target.value })}
              />
            </div>
            <div className="flex flex-wrap gap-2">
              <Button
                type="submit"
                shortcut="h"
                isLoading={answer.isSending('handback')}
                disabled={answer.isPending}
              >
                {answer.isSending('handback') ? 'Sending…' : 'Hand back to agent'}
              </Button>
              <Button
                variant="danger"
                shortcut="x"
                isLoading={answer.isSending('stop')}
                disabled={answer.isPending}
                onClick={() => setConfirmingStop(true)}
              >
                {answer.isSending('stop') ? 'Sending…' : 'Stop run'}
              </Button>
            </div>
            <ConfirmDialog
              open={confirmingStop}
              onOpenChange={setConfirmingStop}
              title="Stop this run?"
              description="The agent is told to stop instead of taking over again, and the run ends. This can't be undone."
              confirmLabel="Stop run"
              danger
              onConfirm={() => answer.submit({ decision: 'stop' }, 'stop')}
            />
          </fieldset>
        </form>
      }
    >
      <div className="space-y-3">
        <p
          dir="auto"
          className="text-sm whitespace-pre-wrap break-words text-slate-800 dark:text-slate-200"
        >
          {request.instructions}
        </p>
        {request.status === 'pending' && <LiveFrame url={liveUrl} missing={NO_TAKEOVER_VIEW} />}
      </div>
    </CardFrame>
  );
}
