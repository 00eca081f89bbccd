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
