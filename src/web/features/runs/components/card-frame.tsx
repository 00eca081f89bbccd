import { useId } from 'react';
import type { Request } from '../../../../shared/requests';
import { KindBadge } from '../../../components/run-badges';
import { cn } from '../../../components/ui/cn';
import type { AnswerState } from '../hooks/use-answer';
import { AnswerProblem, isAlreadyAnswered } from './answer-problem';
import { DeliveryHoldNotice } from './delivery-hold';
import { RequestTimes } from './request-times';
import { cardHeading } from './request-subject';
import { ResolvedNotice } from './resolved-notice';

const divider = 'border-t border-slate-200 pt-4 dark:border-slate-800';

export const VIEWER_NOTE = "Viewers can't answer";
export const RETRYING_NOTE = 'Connection lost — retrying…';

type CardFrameProps = {
  request: Request;
  answer: AnswerState;
  canAnswer: boolean;
  /** What the agent asked, shown whatever the request's state. */
  children?: React.ReactNode;
  /** The controls for answering, shown only while the request is pending. */
  form: React.ReactNode;
  /** What the reviewer typed, kept in view when someone else answered first so it is not lost. */
  unsent?: string;
  /**
   * The card's answer buttons, in a bar that stays at the bottom of the screen while any of the card is
   * in view, so a long plan is read on the page and approved without scrolling back.
   */
  actions?: React.ReactNode;
};

function UnsentText({ text }: { text: string }) {
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium text-slate-800 dark:text-slate-200">What you typed (not sent)</p>
      <p
        dir="auto"
        className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 break-words whitespace-pre-wrap text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
      >
        {text}
      </p>
    </div>
  );
}

/** The frame every answer card shares: heading, times, the agent's payload, then the form or the outcome. */
export function CardFrame({
  request,
  answer,
  canAnswer,
  children,
  form,
  unsent,
  actions,
}: CardFrameProps) {
  const headingId = useId();
  const open = request.status === 'pending' && !isAlreadyAnswered(answer.error);
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <KindBadge kind={request.kind} />
        <h3
          id={headingId}
          dir="auto"
          className="min-w-0 flex-1 text-sm font-semibold [overflow-wrap:anywhere] text-slate-900 dark:text-slate-50"
        >
          {cardHeading(request)}
        </h3>
        <RequestTimes request={request} />
      </header>
      <div className="space-y-4 p-4">
        {open && <DeliveryHoldNotice />}
        {children}
        {answer.error && <AnswerProblem error={answer.error} request={request} />}
        {isAlreadyAnswered(answer.error) && unsent?.trim() && <UnsentText text={unsent.trim()} />}
        {open ? (
          <div className={cn('space-y-3', Boolean(children) && divider)}>
            {!canAnswer && (
              <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                {VIEWER_NOTE}
              </p>
            )}
            {form}
            {answer.retrying && (
              <p role="status" className="text-sm font-medium text-amber-800 dark:text-amber-300">
                {RETRYING_NOTE}
              </p>
            )}
          </div>
        ) : (
          !isAlreadyAnswered(answer.error) && (
            <div className={cn(Boolean(children) && divider)}>
              <ResolvedNotice request={request} />
            </div>
          )
        )}
        {open && actions && (
          <div
            role="group"
            aria-label="Answer"
            className="sticky bottom-0 z-10 -mx-4 -mb-4 flex flex-wrap items-center gap-2 rounded-b-lg border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur-sm dark:border-slate-800 dark:bg-slate-900/95"
          >
            {actions}
          </div>
        )}
      </div>
    </section>
  );
}
