/** Slack's limits: a section's text is at most 3000 characters, a button's text 75, a message 50 blocks. */
const sectionLimit = 2900;

/**
 * Agent text for mrkdwn: `&`, `<` and `>` escaped as Slack documents, so no `<!channel>`, `<@U…>` or
 * `<https://…|link>` can be injected; truncated within Slack's limits.
 */
export function escapeSlack(text: string, max = sectionLimit): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain text is never parsed for links or mentions; it only has to fit. */
function plain(text: string, max = sectionLimit) {
  return {
    type: 'plain_text' as const,
    text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  };
}

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
 * The decisions a click can make by itself. Request changes, Send back and answering questions need
 * words from the reviewer (a modal, not built yet), so those are made in Countersign: Open in Countersign.
 */
const buttonsByKind: Record<string, [string, string, 'primary' | 'danger' | undefined][]> = {
  tool: [
    ['Approve', 'approve', 'primary'],
    ['Deny', 'deny', 'danger'],
  ],
  plan: [['Approve plan', 'approve', 'primary']],
  review: [['Approve', 'approve', 'primary']],
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
  const buttons: Record<string, unknown>[] = (buttonsByKind[view.kind] ?? []).map(
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
      text: plain('Open in Countersign', 75),
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
