import { useId } from 'react';
import { ownValue } from '../../../../shared/own-keys';
import type { AnswerOption, MessageField, MessageResponse } from '../../../../shared/requests';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';
import { useAnswer } from '../hooks/use-answer';
import { useCardKeys } from '../hooks/use-card-keys';
import { useDraft } from '../hooks/use-draft';
import { type AnswerCardProps, answerBlocked, mayAnswer } from './answer-card-props';
import { AnswerOptions } from './answer-options';
import { CardFrame } from './card-frame';
import { Markdown } from './markdown';
import { Textarea } from './textarea';

type MessageDraft = { text: string; fields: Record<string, string>; option?: string | null };

type FieldInputProps = { field: MessageField; value: string; onChange: (value: string) => void };

function FieldInput({ field, value, onChange }: FieldInputProps) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {field.label}
        {field.required && (
          <span className="ml-1 font-normal text-slate-600 dark:text-slate-400">(required)</span>
        )}
      </label>
      <Input
        id={id}
        value={value}
        placeholder={field.placeholder}
        required={field.required}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** Picking a reply puts its suggested text in the box, unless the reviewer has written their own. */
function pick(
  options: readonly AnswerOption[],
  current: MessageDraft,
  name: string | null,
): Partial<MessageDraft> {
  const prefillOf = (n: string | null | undefined) =>
    (n && options.find((o) => o.name === n)?.prefill) || '';
  const untouched = current.text.trim() === '' || current.text === prefillOf(current.option);
  return untouched ? { option: name, text: prefillOf(name) } : { option: name };
}

export function MessageCard({
  request,
  role,
  hotkeys = false,
  onAnswered,
}: AnswerCardProps<'message'>) {
  const replyId = useId();
  const fields = request.fields ?? [];
  const { draft, update, clear } = useDraft<MessageDraft>(request.id, () => ({
    text: '',
    fields: Object.fromEntries(fields.map((f) => [f.name, f.defaultValue ?? ''])),
  }));
  const answer = useAnswer(request, { onAnswered, clearDraft: clear });
  const canAnswer = mayAnswer(role);
  // Field names are the agent's (`constructor`, `__proto__`): only the draft's own keys count, and a
  // saved draft may lack some.
  const valueOf = (field: MessageField) =>
    (draft.fields && ownValue(draft.fields, field.name)) ?? field.defaultValue ?? '';
  const complete =
    fields.length > 0
      ? fields.every((f) => !f.required || valueOf(f).trim() !== '')
      : draft.text.trim() !== '';

  const send = () => {
    if (!complete || answer.isPending) return;
    const response: MessageResponse =
      fields.length > 0
        ? { fields: Object.fromEntries(fields.map((f) => [f.name, valueOf(f).trim()])) }
        : { text: draft.text.trim(), ...(draft.option ? { option: draft.option } : {}) };
    answer.submit(response, 'send');
  };
  const blocked = answerBlocked(role, request, answer.isPending);
  const notApproved = 'A message is answered, not approved: press e to write, s to send.';
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
      unsent={
        fields.length > 0
          ? fields
              .filter((f) => valueOf(f).trim())
              .map((f) => `${f.label}: ${valueOf(f)}`)
              .join('\n')
          : draft.text
      }
      form={
        <form
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
          noValidate
        >
          <fieldset disabled={!canAnswer} className="space-y-3">
            {fields.length > 0 ? (
              fields.map((field) => (
                <FieldInput
                  key={field.name}
                  field={field}
                  value={valueOf(field)}
                  onChange={(value) =>
                    update((current) => ({ fields: { ...current.fields, [field.name]: value } }))
                  }
                />
              ))
            ) : (
              <div className="space-y-3">
                {request.options && (
                  <AnswerOptions
                    legend="Replies offered"
                    options={request.options}
                    value={draft.option ?? null}
                    onChange={(option) =>
                      update((current) => pick(request.options ?? [], current, option))
                    }
                  />
                )}
                <label
                  htmlFor={replyId}
                  className="text-sm font-medium text-slate-800 dark:text-slate-200"
                >
                  Your reply
                </label>
                <Textarea
                  id={replyId}
                  value={draft.text}
                  onChange={(e) => update({ text: e.target.value })}
                />
              </div>
            )}
            <Button type="submit" shortcut="s" disabled={!complete} isLoading={answer.isPending}>
              {answer.isPending ? 'Sending…' : 'Send'}
            </Button>
          </fieldset>
        </form>
      }
    >
      <Markdown source={request.message} />
    </CardFrame>
  );
}
