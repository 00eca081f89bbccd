import { randomBytes } from 'node:crypto';
import type { DemoSlackMessage } from './slack-receiver';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Slack escapes &, < and > in mrkdwn; what a reader sees is the text with them undone. */
const slackText = (value: unknown): string => {
  const t = value as { type?: unknown; text?: unknown } | null;
  if (typeof t?.text !== 'string') return '';
  const text =
    t.type === 'mrkdwn'
      ? t.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
      : t.text;
  return escapeHtml(text);
};

const safeUrl = (value: unknown) =>
  typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;

function renderButton(element: Record<string, unknown>, ts: string, disabled: boolean): string {
  const style = element.style === 'primary' || element.style === 'danger' ? element.style : '';
  const label = slackText(element.text);
  const url = safeUrl(element.url);
  if (url) {
    return `<a class="btn ${style}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  }
  if (typeof element.value !== 'string') return '';
  return `<button type="button" class="btn ${style}" data-ts="${escapeHtml(ts)}" data-value="${escapeHtml(element.value)}"${disabled ? ' disabled' : ''}>${label}</button>`;
}

function renderBlock(block: Record<string, unknown>, message: DemoSlackMessage): string {
  const elements = Array.isArray(block.elements)
    ? (block.elements as Record<string, unknown>[])
    : [];
  switch (block.type) {
    case 'header':
      return `<div class="header">${slackText(block.text)}</div>`;
    case 'section': {
      const fields = Array.isArray(block.fields)
        ? `<div class="fields">${block.fields.map((f) => `<div>${slackText(f)}</div>`).join('')}</div>`
        : '';
      return `<div class="section">${slackText(block.text)}${fields}</div>`;
    }
    case 'context':
      return `<div class="context">${elements.map((e) => `<span>${slackText(e)}</span>`).join(' ')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${elements
        .filter((e) => e?.type === 'button')
        .map((e) => renderButton(e, message.ts, message.ephemeral))
        .join('')}</div>`;
    default:
      return '';
  }
}

function renderMessage(message: DemoSlackMessage): string {
  const time = new Date(Number(message.ts.split('.')[0]) * 1000).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  const body =
    message.blocks.length > 0
      ? (message.blocks as Record<string, unknown>[]).map((b) => renderBlock(b, message)).join('')
      : `<div class="section">${escapeHtml(message.text)}</div>`;
  return `<article class="message${message.ephemeral ? ' ephemeral' : ''}">
  <div class="avatar" aria-hidden="true">C</div>
  <div class="content">
    <div class="meta"><strong>Countersign</strong> <span class="app">APP</span> <time>${time}</time>${
      message.edited ? ' <span class="edited">(edited)</span>' : ''
    }${message.ephemeral ? ' <span class="edited">Only visible to you</span>' : ''}</div>
    ${body}
  </div>
</article>`;
}

/** The channel's messages as HTML, every string from Slack's blocks escaped as text. */
export function slackFeed(messages: readonly DemoSlackMessage[]): string {
  if (messages.length === 0) {
    return '<p class="empty">No messages yet. Each new request an agent makes is posted here.</p>';
  }
  return messages.map(renderMessage).join('\n');
}

const styles = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.46 Lato, system-ui, sans-serif; color: #1d1c1d; background: #fff; }
  .layout { display: grid; grid-template-columns: 220px 1fr; min-height: 100vh; }
  nav { position: sticky; top: 0; align-self: start; height: 100vh; background: #3f0e40; color: #d7c8d8; padding: 14px 0; font-size: 15px; }
  nav .workspace { color: #fff; font-weight: 900; font-size: 17px; padding: 0 16px 12px; border-bottom: 1px solid #5d2c5d; }
  nav .label { padding: 14px 16px 4px; font-size: 13px; }
  nav .channel { padding: 3px 16px; }
  nav .channel.active { background: #1164a3; color: #fff; }
  .pane { min-width: 0; display: flex; flex-direction: column; }
  .top { position: sticky; top: 0; z-index: 1; padding: 10px 20px; background: #fff; border-bottom: 1px solid #ddd; }
  .top h1 { margin: 0; font-size: 18px; font-weight: 900; }
  .top p { margin: 0; font-size: 13px; color: #616061; }
  main { padding: 8px 0 60px; }
  .message { display: flex; gap: 10px; padding: 8px 20px; }
  .message:hover { background: #f8f8f8; }
  .message.ephemeral { background: #f4f9fd; }
  .avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #4f46e5; color: #fff; font-weight: 700; display: grid; place-items: center; }
  .content { min-width: 0; flex: 1; }
  .meta time, .edited { color: #616061; font-size: 12px; }
  .app { font-size: 10px; padding: 1px 3px; border-radius: 2px; background: #e8e8e8; color: #616061; font-weight: 700; }
  .header { font-size: 18px; font-weight: 900; margin: 4px 0; }
  .section { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
  .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
  .context { color: #616061; font-size: 13px; margin: 4px 0; overflow-wrap: anywhere; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
  .btn { font: 700 14px/1 Lato, system-ui, sans-serif; padding: 8px 14px; border-radius: 4px; border: 1px solid #bbb; background: #fff; color: #1d1c1d; cursor: pointer; text-decoration: none; }
  .btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
  .btn.danger { background: #fff; border-color: #e01e5a; color: #e01e5a; }
  .btn:disabled { opacity: 0.5; cursor: default; }
  hr { border: 0; border-top: 1px solid #ddd; }
  .empty { padding: 24px 20px; color: #616061; }
  #status { position: fixed; bottom: 0; right: 0; left: 220px; margin: 0; padding: 8px 20px; background: #fff; border-top: 1px solid #ddd; color: #616061; font-size: 13px; }
  #status:empty { display: none; }
  @media (max-width: 640px) {
    .layout { grid-template-columns: 1fr; }
    nav { display: none; }
    #status { left: 0; }
  }
`;

const script = `
  const feed = document.getElementById('feed');
  const status = document.getElementById('status');
  let last = feed.innerHTML;
  const atBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
  async function poll() {
    try {
      const res = await fetch('/slack/feed', { cache: 'no-store' });
      const html = await res.text();
      if (res.ok && html !== last) {
        const follow = atBottom();
        last = html;
        feed.innerHTML = html;
        if (follow) window.scrollTo(0, document.body.scrollHeight);
      }
    } catch {}
    setTimeout(poll, 1000);
  }
  feed.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-value]');
    if (!button) return;
    button.disabled = true;
    status.textContent = 'Sending the click to Countersign…';
    try {
      const res = await fetch('/slack/click', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ts: button.dataset.ts, value: button.dataset.value }),
      });
      status.textContent = res.ok
        ? 'Countersign accepted the click; the message updates in a moment.'
        : 'Countersign did not accept the click (' + res.status + ').';
    } catch {
      status.textContent = 'Could not reach the demo.';
    }
    button.disabled = false;
  });
  window.scrollTo(0, document.body.scrollHeight);
  setTimeout(poll, 1000);
`;

/** The whole page: a channel as Slack shows it, polling its feed every second. */
export function slackPage(channelName: string, messages: readonly DemoSlackMessage[]) {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>#${escapeHtml(channelName)} · Slack (Countersign demo)</title>
<style>${styles}</style>
</head>
<body>
<div class="layout">
<nav aria-label="Channels"><div class="workspace">Countersign demo</div><div class="label">Channels</div><div class="channel active" aria-current="page"># ${escapeHtml(channelName)}</div></nav>
<div class="pane">
<header class="top"><h1># ${escapeHtml(channelName)}</h1><p>What Slack would show. Buttons send signed interactions to Countersign as the demo admin.</p></header>
<main id="feed" aria-live="polite">${slackFeed(messages)}</main>
</div>
</div>
<p id="status" role="status"></p>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
  return { html, nonce };
}
