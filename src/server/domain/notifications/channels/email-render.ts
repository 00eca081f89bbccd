import { escapeHtml } from '../../../lib/escape-html';

export type EmailItem = {
  reminder: boolean;
  kind: string;
  runId: string;
  runTitle: string;
  /** Agent text: escaped in HTML, and never made a link. */
  summary: string;
  expiresAt: string | null;
};

/** Plain text and HTML for one request or a digest of several. Agent text is escaped, never trusted. */
export function renderEmail(items: readonly EmailItem[], baseUrl: string, unsubscribeUrl: string) {
  const one = items.length === 1 ? items[0]! : null;
  const subject = one
    ? `${one.reminder ? 'Reminder: still waiting' : 'Waiting for you'}: ${oneLine(one.runTitle)}`
    : `${items.length} requests are waiting for you`;
  const runUrl = (item: EmailItem) => `${baseUrl}/runs/${encodeURIComponent(item.runId)}`;
  const textLines = items.map((item) =>
    [
      `${item.reminder ? '[Reminder] ' : ''}${oneLine(item.runTitle)} (${item.kind})`,
      item.summary ? `  ${oneLine(item.summary)}` : null,
      item.expiresAt ? `  Expires ${item.expiresAt}` : null,
      `  Open: ${runUrl(item)}`,
    ]
      .filter((line) => line !== null)
      .join('\n'),
  );
  const text = `${textLines.join('\n\n')}\n\nAnswer in Countersign; email cannot approve anything.\nStop these emails: ${unsubscribeUrl}\n`;
  const htmlItems = items
    .map(
      (item) =>
        `<li><p><strong>${escapeHtml(item.runTitle)}</strong> (${escapeHtml(item.kind)})${
          item.reminder ? ' &mdash; reminder' : ''
        }</p>${item.summary ? `<p>${escapeHtml(item.summary)}</p>` : ''}${
          item.expiresAt ? `<p>Expires ${escapeHtml(item.expiresAt)}</p>` : ''
        }<p><a href="${escapeHtml(runUrl(item))}">Open in Countersign</a></p></li>`,
    )
    .join('');
  const html = `<!doctype html><html><body><ul>${htmlItems}</ul><p>Answer in Countersign; email cannot approve anything.</p><p><a href="${escapeHtml(unsubscribeUrl)}">Stop these emails</a></p></body></html>`;
  return { subject, text, html };
}

/** Control characters (and line breaks) out of one-line fields such as the subject. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}
