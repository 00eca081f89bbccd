import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { useHotkeys } from '../../../lib/use-hotkeys';
import { useAnswer } from '../hooks/use-answer';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, mayAnswer } from './answer-card-props';
import { CardFrame } from './card-frame';
import { MarkdownPanel } from './markdown';
import { Textarea } from './textarea';

export function PlanCard({ request, role, hotkeys = false, onAnswered }: AnswerCardProps<'plan'>) {
  const feedbackId = useId();
  const { draft, update, clear } = useDraft(request.id, () => ({ feedback: '' }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  const ready = canAnswer && request.status === 'pending' && !answer.isPending;
  const feedback = draft.feedback.trim();

  const approve = () => ready && answer.submit({ decision: 'approve' }, 'approve');
  useHotkeys({ a: approve }, hotkeys && ready);

  return (
    <CardFrame
      request={request}
      answer={answer}
      canAnswer={canAnswer}
      unsent={draft.feedback}
      form={
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (ready && feedback) answer.submit({ decision: 'revise', feedback }, 'revise');
          }}
        >
          <fieldset disabled={!canAnswer} className="space-y-3">
            <div className="flex flex-wrap gap-2">
              <Button
                isLoading={answer.isSending('approve')}
                disabled={answer.isPending}
                onClick={approve}
              >
                {answer.isSending('approve') ? 'Sending…' : 'Approve plan'}
              </Button>
            </div>
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
            <Button
              type="submit"
              variant="secondary"
              isLoading={answer.isSending('revise')}
              disabled={!feedback || answer.isPending}
            >
              {answer.isSending('revise') ? 'Sending…' : 'Request changes'}
            </Button>
          </fieldset>
        </form>
      }
    >
      <MarkdownPanel source={request.plan} />
    </CardFrame>
  );
}
