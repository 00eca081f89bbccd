import type { Request, RequestKind, RequestOf } from '../../../../shared/requests';
import { type Role, canAnswer } from '../../../../shared/users';

export type AnswerCardProps<K extends RequestKind> = {
  request: RequestOf<K>;
  /** The signed-in user's role; viewers (and nobody) see the card read-only. */
  role: Role | null;
  /** Whether this card takes the page's `a` (approve) and `d` (deny) shortcuts. */
  hotkeys?: boolean;
  onAnswered?: (answered: Request) => void;
  /** The run's customer, which a remembered tool rule is scoped to (none: every customer). */
  customer?: string | null;
};

export const mayAnswer = (role: Role | null) => role !== null && canAnswer(role);

/** Why a card's shortcut cannot answer now, or null when it can. */
export function answerBlocked(role: Role | null, request: Request, isSending: boolean) {
  if (!mayAnswer(role)) return "Viewers can't answer";
  if (request.status !== 'pending') return 'This request is no longer waiting for an answer.';
  if (isSending) return 'The answer is on its way.';
  return null;
}

/** Puts the cursor in a card's text box, for keys that need words before they can act. */
export function focusField(id: string) {
  document.getElementById(id)?.focus();
}
