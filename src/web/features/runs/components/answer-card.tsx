import type { Request } from '../../../../shared/requests';
import type { Role } from '../../../../shared/users';
import { MessageCard } from './message-card';
import { PlanCard } from './plan-card';
import { QuestionsCard } from './questions-card';
import { ReviewCard } from './review-card';
import { TakeoverCard } from './takeover-card';
import { ToolCard } from './tool-card';

type AnswerCardProps = {
  request: Request;
  role: Role | null;
  liveUrl: string | null;
  hotkeys?: boolean;
  onAnswered?: (answered: Request) => void;
  customer?: string | null;
};

/** The card for answering `request`, whatever its kind. */
export function AnswerCard({ request, liveUrl, ...props }: AnswerCardProps) {
  switch (request.kind) {
    case 'questions':
      return <QuestionsCard request={request} {...props} />;
    case 'tool':
      return <ToolCard request={request} {...props} />;
    case 'plan':
      return <PlanCard request={request} {...props} />;
    case 'review':
      return <ReviewCard request={request} {...props} />;
    case 'message':
      return <MessageCard request={request} {...props} />;
    case 'takeover':
      return <TakeoverCard request={request} liveUrl={liveUrl} {...props} />;
  }
}
