import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { meOptions } from '../../auth/api/get-me';
import { AssignmentBar } from '../../teams/components/assignment-bar';
import type { Request } from '../../../../shared/requests';
import type { Role } from '../../../../shared/users';
import { cn } from '../../../components/ui/cn';
import { useHotkeys } from '../../../lib/use-hotkeys';
import { byUrgency, segments } from '../lib/card-order';
import { showKeyHint, useKeyHint } from '../lib/key-hint';
import { AnswerCard } from './answer-card';
import { GroupHeader } from './group-header';

type AnswerCardsProps = {
  requests: readonly Request[];
  role: Role | null;
  liveUrl: string | null;
  customer?: string | null;
  onAnswered?: (answered: Request) => void;
};

/**
 * The selected card: the one chosen (`j`/`k`, a click, focus) while it is still pending, else the most
 * urgent pending one after it, else the first pending one.
 */
function selectedCard(cards: readonly Request[], chosenId: string | null): Request | undefined {
  const chosen = cards.findIndex((r) => r.id === chosenId);
  if (chosen >= 0 && cards[chosen]!.status === 'pending') return cards[chosen];
  const after = cards.slice(Math.max(chosen, 0)).find((r) => r.status === 'pending');
  return after ?? cards.find((r) => r.status === 'pending');
}

const fieldSelector =
  'textarea:not(:disabled), input:not([type="hidden"]):not(:disabled), select:not(:disabled)';

const isField = (target: EventTarget) =>
  target instanceof HTMLElement && target.matches('textarea, input, select');

function KeyHint() {
  const hint = useKeyHint();
  return (
    <p
      role="status"
      className="text-sm font-medium text-slate-700 empty:hidden dark:text-slate-300"
    >
      {hint?.text ?? ''}
    </p>
  );
}

/** The run's answer cards, most urgent first; the selected one takes the card shortcuts (`a`, `d`…). */
export function AnswerCards({ requests, role, liveUrl, customer, onAnswered }: AnswerCardsProps) {
  const cards = byUrgency(requests);
  const { data: me } = useQuery(meOptions());
  const [chosenId, setChosenId] = useState<string | null>(null);
  const selected = selectedCard(cards, chosenId);
  const refs = useRef(new Map<string, HTMLElement>());

  useEffect(() => () => showKeyHint(null), []);

  // Opening a run puts focus on its most urgent card (not in a text box, so `a` and `d` act at once);
  // when the selected card is answered, focus follows the selection unless the reviewer is elsewhere.
  const selectedId = selected?.id;
  const focusedOnce = useRef(false);
  useEffect(() => {
    if (!selectedId) return;
    const active = document.activeElement;
    const lost =
      !active ||
      active === document.body ||
      [...refs.current.values()].some((card) => card.contains(active));
    if (!focusedOnce.current || lost) refs.current.get(selectedId)?.focus();
    focusedOnce.current = true;
  }, [selectedId]);

  const select = (id: string, focus: boolean) => {
    setChosenId(id);
    showKeyHint(null);
    if (focus) refs.current.get(id)?.focus();
  };
  const move = (delta: number) => {
    const pending = cards.filter((r) => r.status === 'pending');
    const at = pending.findIndex((r) => r.id === selected?.id);
    const next = pending[Math.min(pending.length - 1, Math.max(0, at + delta))];
    if (next) select(next.id, true);
  };
  const toFirstField = () => {
    const card = selected && refs.current.get(selected.id);
    const field = card?.querySelector<HTMLElement>(fieldSelector);
    if (field) field.focus();
    else showKeyHint('This card has nothing to type in.');
  };
  useHotkeys({ j: () => move(1), k: () => move(-1), e: toFirstField }, cards.length > 0);

  if (cards.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        Nothing on this run is waiting for an answer.
      </p>
    );
  }
  const several = cards.filter((r) => r.status === 'pending').length > 1;
  const renderCard = (request: Request) => {
    const isSelected = request.id === selected?.id;
    return (
      <div key={request.id} className="space-y-2">
        <div
          ref={(element) => {
            if (element) refs.current.set(request.id, element);
            else refs.current.delete(request.id);
          }}
          tabIndex={-1}
          aria-current={isSelected && several ? 'true' : undefined}
          onFocus={(event) => {
            if (!isSelected && request.status === 'pending' && event.target === event.currentTarget)
              select(request.id, false);
          }}
          onKeyDown={(event) => {
            // Escape leaves a text box for its card, where the card's keys act again.
            if (event.key === 'Escape' && isField(event.target)) {
              event.preventDefault();
              event.currentTarget.focus();
            }
          }}
          onPointerDown={() => {
            if (!isSelected && request.status === 'pending') select(request.id, false);
          }}
          className={cn(
            'rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2 dark:focus-visible:ring-indigo-400 dark:focus-visible:ring-offset-slate-950',
            isSelected &&
              several &&
              'ring-2 ring-indigo-600 ring-offset-2 dark:ring-indigo-400 dark:ring-offset-slate-950',
          )}
        >
          {isSelected && several && <span className="sr-only">Selected card. </span>}
          <AssignmentBar request={request} me={me ?? null} hotkeys={isSelected} />
          <AnswerCard
            request={request}
            role={role}
            liveUrl={liveUrl}
            customer={customer}
            hotkeys={isSelected}
            onAnswered={onAnswered}
          />
        </div>
        {isSelected && <KeyHint />}
      </div>
    );
  };
  return (
    <div className="space-y-4">
      {segments(cards).map((segment) =>
        segment.group === null ? (
          renderCard(segment.cards[0]!)
        ) : (
          <section
            key={`group:${segment.group}`}
            aria-label={`Group ${segment.group}`}
            className="space-y-3 rounded-lg border border-dashed border-slate-300 p-3 dark:border-slate-700"
          >
            <GroupHeader group={segment.group} members={segment.cards} role={role} />
            {segment.cards.map(renderCard)}
          </section>
        ),
      )}
    </div>
  );
}
