import { questionsModalFits } from './slack-modals';
import { escapeSlack, plain } from './slack-text';

export type SlackRequestView = {
  requestId: string;
  kind: string;
  runTitle: string;
  payload: Record<string, unknown>;
  runUrl: string | null;
};

const heading: Record<string, string> = {
  tool: 'A tool call waits for approval',
  plan: 'A plan waits for approval',
  review: 'Work waits for review',
  questions: 'An agent asks',
  message: 'An agent sent a message',
  takeover: 'An agent hands over',
};

/**
 * Each kind's buttons: Approve and Deny decide at once; Request changes, Send back and Answer need the
 * reviewer's words, so they open a modal (`slack-modals.ts`).
 */
const buttonsByKind: Record<string, [string, string, 'primary' | 'danger' | undefined][]> = {
  tool: [
    ['Approve', 'approve', 'primary'],
    ['Deny', 'deny', 'danger'],
  ],
  plan: [
    ['Approve plan', 'approve', 'primary'],
    ['Request changes', 'revise', undefined],
  ],
  review: [
    ['Approve', 'approve', 'primary'],
    ['Send back', 'reject', undefined],
  ],
  questions: [['Answer', 'answer', 'primary']],
};

function essentials(kind: string, payload: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
  switch (kind) {
    case 'tool':
      return `${str(payload.tool)}\n${str(payload.input ?? payload.args ?? {})}`;
    case 'plan':
      return str(payload.plan);
    case 'review':
      return [payload.title, payload.output].filter((v) => typeof v === 'string').join('\n');
    case 'questions':
      return (Array.isArray(payload.questions) ? payload.questions : [])
        .map((q) => str((q as { text?: unknown }).text))
        .join('\n');
    default:
      return str(payload.message ?? payload.instructions ?? '');
  }
}

/** The message posted for a new request: what it is, its essentials, and the buttons of its kind. */
export function requestMessage(view: SlackRequestView) {
  const title = heading[view.kind] ?? 'A request waits';
  // Questions a modal cannot hold (too many, see slack-modals.ts) are answered in the app instead.
  const inModal = view.kind !== 'questions' || questionsModalFits(view.payload);
  const buttons: Record<string, unknown>[] = (inModal ? (buttonsByKind[view.kind] ?? []) : []).map(
    ([text, decision, style]) => ({
      type: 'button',
      text: plain(text, 75),
      action_id: `countersign_${decision}`,
      value: `${view.requestId}:${decision}`,
      ...(style ? { style } : {}),
    }),
  );
  if (view.runUrl) {
    buttons.push({
      type: 'button',
      text: plain(inModal ? 'Open in Countersign' : 'Answer in Countersign', 75),
      action_id: 'countersign_open',
      url: view.runUrl,
    });
  }
  return {
    text: `${title}: ${escapeSlack(view.runTitle, 200)}`,
    blocks: [
      { type: 'header', text: plain(title, 150) },
      { type: 'section', text: plain(view.runTitle, 500) },
      { type: 'section', text: plain(essentials(view.kind, view.payload) || '(nothing to show)') },
      ...(buttons.length
        ? [{ type: 'actions', block_id: `countersign:${view.requestId}`, elements: buttons }]
        : []),
    ],
  };
}

/** The message once the request is decided: what happened, by whom, and no buttons. */
export function outcomeMessage(view: SlackRequestView, outcome: string) {
  const title = heading[view.kind] ?? 'A request';
  return {
    text: `${escapeSlack(view.runTitle, 200)}: ${escapeSlack(outcome, 500)}`,
    blocks: [
      { type: 'header', text: plain(title, 150) },
      { type: 'section', text: plain(view.runTitle, 500) },
      { type: 'context', elements: [plain(outcome, 500)] },
    ],
  };
}
