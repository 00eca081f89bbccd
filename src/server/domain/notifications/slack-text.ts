/** Slack's limits: a section's text is at most 3000 characters, a button's text 75, a message 50 blocks. */
export const sectionLimit = 2900;

/**
 * Agent text for mrkdwn: `&`, `<` and `>` escaped as Slack documents, so no `<!channel>`, `<@U…>` or
 * `<https://…|link>` can be injected; truncated within Slack's limits.
 */
export function escapeSlack(text: string, max = sectionLimit): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain text is never parsed for links or mentions; it only has to fit. */
export function plain(text: string, max = sectionLimit) {
  return {
    type: 'plain_text' as const,
    text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  };
}
