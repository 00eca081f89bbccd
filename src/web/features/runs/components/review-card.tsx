import { useId } from 'react';
import type { ReviewResponse } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { useCardKeys } from '../hooks/use-card-keys';
import { showKeyHint } from '../lib/key-hint';
import { useAnswer } from '../hooks/use-answer';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, answerBlocked, focusField, mayAnswer } from './answer-card-props';
import { CardFrame } from './card-frame';
import { MarkdownPanel } from './markdown';
import { Textarea } from './textarea';

export function ReviewCard({
  request,
  role,
  hotkeys = false,
  onAnswered,
}: AnswerCardProps<'review'>) {
  const feedbackId = useId();
  const formId = useId();
  const { draft, update, clear } = useDraft(request.id, () => ({ feedback: '' }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  const ready = canAnswer && request.status === 'pending' && !answer.isPending;
  const feedback = draft.feedback.trim();

  const approve = () => {
    if (!ready) return;
    const response: ReviewResponse = feedback
      ? { decision: 'approve', feedback }
      : { decision: 'approve' };
    answer.submit(response, 'approve');
  };
  const sendBack = () => {
    if (ready && feedback) answer.submit({ decision: 'reject', feedback }, 'reject');
  };
  // Output is sent back with feedback rather than denied: `d` and `r` lead to that feedback.
  const toFeedback = () => {
    if (feedback) return sendBack();
    focusField(feedbackId);
    showKeyHint('To send this back, write what is wrong, then press Send back.');
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
            {answer.isSending('approve') ? 'Sending…' : 'Approve'}
          </Button>
          <Button
            type="submit"
            form={formId}
            variant="secondary"
            shortcut="r"
            isLoading={answer.isSending('reject')}
            disabled={!canAnswer || answer.isPending}
          >
            {answer.isSending('reject') ? 'Sending…' : 'Send back'}
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
                placeholder="Optional when approving; needed to send it back"
                onChange={(e) => update({ feedback: e.target.value })}
              />
            </div>
          </fieldset>
        </form>
      }
    >
      <MarkdownPanel source={request.output} />
    </CardFrame>
  );
}
