import { useId, useRef, useState } from 'react';
import type { Question } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
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
  /** Submit was tried while this question had no answer. */
  missing: boolean;
  onChange: (choice: Partial<Choice>) => void;
};

function QuestionField({ question, index, name, choice, missing, onChange }: QuestionFieldProps) {
  const id = useId();
  const missingId = useId();
  const options = question.options ?? [];
  return (
    <fieldset
      data-question={question.id}
      aria-describedby={missing ? missingId : undefined}
      className={cn(
        'space-y-2',
        missing &&
          '-mx-2 rounded-md border-l-4 border-amber-500 bg-amber-50 px-2 py-2 dark:bg-amber-950/40',
      )}
    >
      <legend
        dir="auto"
        className="mb-2 text-sm font-medium whitespace-pre-wrap text-slate-900 dark:text-slate-100"
      >
        {index + 1}. {question.text}
      </legend>
      {missing && (
        <p id={missingId} className="text-sm font-medium text-amber-900 dark:text-amber-200">
          Not answered yet
        </p>
      )}
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
  const unanswered = request.questions.filter((q) => valueOf(q, draft[q.id]) === '');
  const complete = unanswered.length === 0;
  const answeredCount = request.questions.length - unanswered.length;
  // Once Submit was tried with gaps, the gaps are marked until they are filled.
  const [showGaps, setShowGaps] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const toFirstGap = () => {
    setShowGaps(true);
    const gap = unanswered[0];
    const field = gap
      ? formRef.current?.querySelector<HTMLElement>(
          `[data-question="${CSS.escape(gap.id)}"] :is(input, textarea)`,
        )
      : null;
    field?.focus();
    field?.scrollIntoView({ block: 'center' });
  };

  const send = () => {
    if (answer.isPending) return;
    if (!complete) return toFirstGap();
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
          ref={formRef}
          noValidate
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
                missing={showGaps && unanswered.includes(question)}
                onChange={(patch) =>
                  update((current) => ({
                    [question.id]: { ...empty, ...current[question.id], ...patch },
                  }))
                }
              />
            ))}
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" shortcut="s" isLoading={answer.isPending}>
                {answer.isSending('submit') ? 'Sending…' : 'Submit answers'}
              </Button>
              <p
                aria-live="polite"
                className={cn(
                  'text-sm',
                  complete
                    ? 'text-slate-600 dark:text-slate-400'
                    : 'font-medium text-amber-900 dark:text-amber-200',
                )}
              >
                {answeredCount} of {request.questions.length} answered
                {!complete && showGaps && ' — the first gap is selected'}
              </p>
            </div>
          </fieldset>
        </form>
      }
    />
  );
}
