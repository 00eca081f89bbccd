import { alreadyAnsweredDetailsSchema } from '../../../../shared/errors';
import type { Request } from '../../../../shared/requests';
import { cn } from '../../../components/ui/cn';
import { ApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format-time';
import { Answerer } from './answerer';
import { ResponseSummary } from './response-summary';

export const answerMessages = {
  expired: 'This request expired before your answer arrived, so it was not sent.',
  cancelled: 'This request was cancelled (the run was stopped), so your answer was not sent.',
  forbidden: 'Your role does not allow answering requests.',
  invalid: 'The answer was not accepted:',
};

const tones = {
  amber:
    'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100',
  red: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100',
};

function Alert({ tone, children }: { tone: keyof typeof tones; children: React.ReactNode }) {
  return (
    <div role="alert" className={cn('space-y-2 rounded-md border p-3 text-sm', tones[tone])}>
      {children}
    </div>
  );
}

/** Whether this error means someone else's answer won. */
export const isAlreadyAnswered = (error: unknown) =>
  error instanceof ApiError && error.code === 'already_answered';

type AnswerProblemProps = { error: Error; request: Request };

/** Why an answer was not accepted, in words; for a lost race, who answered first and what. */
export function AnswerProblem({ error, request }: AnswerProblemProps) {
  if (!(error instanceof ApiError)) return <Alert tone="red">{error.message}</Alert>;
  if (error.code === 'already_answered') {
    const details = alreadyAnsweredDetailsSchema.safeParse(error.details);
    if (!details.success) return <Alert tone="amber">{error.message}</Alert>;
    const { answeredBy, answeredAt, response } = details.data;
    return (
      <Alert tone="amber">
        <p className="font-semibold">
          Already answered by <Answerer answeredBy={answeredBy} />
          {answeredAt && (
            <>
              {' '}
              at <time dateTime={answeredAt}>{formatDateTime(answeredAt)}</time>
            </>
          )}
          . Your answer was not sent. They answered:
        </p>
        <ResponseSummary request={request} response={response} />
      </Alert>
    );
  }
  if (error.code === 'expired') return <Alert tone="amber">{answerMessages.expired}</Alert>;
  if (error.code === 'not_pending') return <Alert tone="amber">{answerMessages.cancelled}</Alert>;
  if (error.status === 403) return <Alert tone="red">{answerMessages.forbidden}</Alert>;
  if (error.status === 422) {
    const details = Object.entries(error.details ?? {});
    return (
      <Alert tone="red">
        <p className="font-semibold">
          {answerMessages.invalid} {error.message}
        </p>
        {details.length > 0 && (
          <ul className="list-disc pl-5">
            {details.map(([field, problem]) => (
              <li key={field}>
                <code className="font-mono text-xs">{field}</code>: {String(problem)}
              </li>
            ))}
          </ul>
        )}
      </Alert>
    );
  }
  return <Alert tone="red">{error.message}</Alert>;
}
