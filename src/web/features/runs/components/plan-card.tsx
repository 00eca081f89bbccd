import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { useCardKeys } from '../hooks/use-card-keys';
import { showKeyHint } from '../lib/key-hint';
import { useAnswer } from '../hooks/use-answer';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, answerBlocked, focusField, mayAnswer } from './answer-card-props';
import { CardFrame } from './card-frame';
import { MarkdownPanel } from './markdown';
import { Textarea } from './textarea';

export function PlanCard({ request, role, hotkeys = false, onAnswered }: AnswerCardProps<'plan'>) {
  const feedbackId = useId();
  const formId = useId();
  const { draft, update, clear } = useDraft(request.id, () => ({ feedback: '' }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  const ready = canAnswer && request.status === 'pending' && !answer.isPending;
  const feedback = draft.feedback.trim();

  const approve = () => ready && answer.submit({ decision: 'approve' }, 'approve');
  const requestChanges = () => {
    if (ready && feedback) answer.submit({ decision: 'revise', feedback }, 'revise');
  };
  // A plan is never denied outright: `d` and `r` lead to the feedback it needs to go back.
  const toFeedback = () => {
    if (feedback) return requestChanges();
    focusField(feedbackId);
    showKeyHint('A plan is not denied: write what should change, then press Request changes.');
  };
  const blocked = answerBlocked(role, request, answer.isPending);
  useCardKeys(hotkeys, {
    a: blocked ?? approve,
    d: blocked ?? toFeedback,
    r: blocked ?? toFeedback,
  });

  return (
    <CardFrame
      request={request}
      answer={answer}
      canAnswer={canAnswer}
      unsent={draft.feedback}
      actions={
        <>
          <Button
            shortcut="a"
            isLoading={answer.isSending('approve')}
            disabled={!canAnswer || answer.isPending}
            onClick={approve}
          >
            {answer.isSending('approve') ? 'Sending…' : 'Approve plan'}
          </Button>
          <Button
            type="submit"
            form={formId}
            variant="secondary"
            shortcut="r"
            isLoading={answer.isSending('revise')}
            disabled={!canAnswer || answer.isPending}
          >
            {answer.isSending('revise') ? 'Sending…' : 'Request changes'}
          </Button>
        </>
      }
      form={
        <form
          id={formId}
          onSubmit={(event) => {
            event.preventDefault();
            if (ready) toFeedback();
          }}
        >
          <fieldset disabled={!canAnswer} className="space-y-3">
            <div className="space-y-1">
              <label
                htmlFor={feedbackId}
                className="text-sm font-medium text-slate-800 dark:text-slate-200"
              >
                Feedback
              </label>
              <Textarea
                id={feedbackId}
                value={draft.feedback}
                placeholder="What should the agent change?"
                onChange={(e) => update({ feedback: e.target.value })}
              />
            </div>
          </fieldset>
        </form>
      }
    >
      <MarkdownPanel source={request.plan} />
    </CardFrame>
  );
}
