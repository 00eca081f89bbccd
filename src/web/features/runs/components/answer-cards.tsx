import type { Request } from '../../../../shared/requests';
import type { Role } from '../../../../shared/users';
import { AnswerCard, approvableKinds } from './answer-card';

type AnswerCardsProps = {
  requests: readonly Request[];
  role: Role | null;
  liveUrl: string | null;
  customer?: string | null;
  onAnswered?: (answered: Request) => void;
};

/** The run's answer cards, oldest first; the first pending one that can be approved takes `a` and `d`. */
export function AnswerCards({ requests, role, liveUrl, customer, onAnswered }: AnswerCardsProps) {
  if (requests.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        Nothing on this run is waiting for an answer.
      </p>
    );
  }
  const shortcutTarget = requests.find(
    (r) => r.status === 'pending' && approvableKinds.has(r.kind),
  );
  return (
    <div className="space-y-4">
      {requests.map((request) => (
        <AnswerCard
          key={request.id}
          request={request}
          role={role}
          liveUrl={liveUrl}
          customer={customer}
          hotkeys={request.id === shortcutTarget?.id}
          onAnswered={onAnswered}
        />
      ))}
    </div>
  );
}
