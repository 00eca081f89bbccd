import { useId } from 'react';
import type { Question } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';
import { useAnswer } from '../hooks/use-answer';
import { useCardKeys } from '../hooks/use-card-keys';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, answerBlocked, mayAnswer } from './answer-card-props';
import { CardFrame } from './card-frame';
import { Textarea } from './textarea';

type Choice = { mode: 'option' | 'other'; option: string; other: string };
type QuestionsDraft = Record<string, Choice>;

const empty: Choice = { mode: 'option', option: '', other: '' };

function valueOf(question: Question, choice: Choice = empty) {
  const typed = !question.options?.length || choice.mode === 'other';
  return (typed ? choice.other : choice.option).trim();
}

type QuestionFieldProps = {
  question: Question;
  index: number;
  name: string;
  choice: Choice;
  onChange: (choice: Partial<Choice>) => void;
};

function QuestionField({ question, index, name, choice, onChange }: QuestionFieldProps) {
  const id = useId();
  const options = question.options ?? [];
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-sm font-medium whitespace-pre-wrap text-slate-900 dark:text-slate-100">
        {index + 1}. {question.text}
      </legend>
      {options.map((option) => (
        <label
          key={option}
          className="flex items-start gap-2 text-sm text-slate-800 dark:text-slate-200"
        >
          <input
            type="radio"
            name={name}
            value={option}
            checked={choice.mode === 'option' && choice.option === option}
            onChange={() => onChange({ mode: 'option', option })}
            className="mt-0.5 size-4 accent-indigo-600"
          />
          <span className="break-words">{option}</span>
        </label>
      ))}
      {options.length === 0 ? (
        <div className="space-y-1">
          <label htmlFor={id} className="text-sm text-slate-700 dark:text-slate-300">
            Your answer
          </label>
          <Textarea
            id={id}
            value={choice.other}
            onChange={(e) => onChange({ mode: 'other', other: e.target.value })}
          />
        </div>
      ) : (
        question.allowOther !== false && (
          <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-2">
            <label htmlFor={id} className="shrink-0 text-sm text-slate-700 dark:text-slate-300">
              Other answer
            </label>
            <Input
              id={id}
              value={choice.other}
              onChange={(e) => onChange({ mode: 'other', other: e.target.value })}
            />
          </div>
        )
      )}
    </fieldset>
  );
}

export function QuestionsCard({
  request,
  role,
  hotkeys = false,
  onAnswered,
}: AnswerCardProps<'questions'>) {
  const { draft, update, clear } = useDraft<QuestionsDraft>(request.id, () => ({}));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  const complete = request.questions.every((q) => valueOf(q, draft[q.id]) !== '');

  const send = () => {
    if (!complete || answer.isPending) return;
    const answers = request.questions.map((q) => ({
      questionId: q.id,
      value: valueOf(q, draft[q.id]),
    }));
    answer.submit({ answers }, 'submit');
  };
  const blocked = answerBlocked(role, request, answer.isPending);
  const notApproved = 'Questions are answered, not approved: press e to answer, s to submit.';
  useCardKeys(hotkeys, {
    a: blocked ?? notApproved,
    d: blocked ?? notApproved,
    s: blocked ?? send,
  });

  return (
    <CardFrame
      request={request}
      answer={answer}
      canAnswer={canAnswer}
      unsent={request.questions
        .map((q, i) => [i, q.text, valueOf(q, draft[q.id])] as const)
        .filter(([, , value]) => value)
        .map(([i, text, value]) => `${i + 1}. ${text}\n${value}`)
        .join('\n\n')}
      form={
        <form
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <fieldset disabled={!canAnswer} className="space-y-5">
            {request.questions.map((question, index) => (
              <QuestionField
                key={question.id}
                question={question}
                index={index}
                name={`${request.id}:${question.id}`}
                choice={draft[question.id] ?? empty}
                onChange={(patch) =>
                  update((current) => ({
                    [question.id]: { ...empty, ...current[question.id], ...patch },
                  }))
                }
              />
            ))}
            <Button type="submit" shortcut="s" disabled={!complete} isLoading={answer.isPending}>
              {answer.isSending('submit') ? 'Sending…' : 'Submit answers'}
            </Button>
          </fieldset>
        </form>
      }
    />
  );
}
