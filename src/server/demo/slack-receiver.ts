import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { slackFeed, slackPage } from './slack-page';

export type DemoSlackUser = { id: string; name: string; email: string };

export type DemoSlackMessage = {
  ts: string;
  text: string;
  blocks: unknown[];
  /** Set by chat.update; the page shows "(edited)" as Slack does. */
  edited: boolean;
  /** A chat.postEphemeral: shown to one user only. */
  ephemeral: boolean;
};

export type SlackReceiverOptions = {
  botToken: string;
  signingSecret: string;
  /** The channel's ID, as the integration is given it. */
  channel: string;
  /** Its name as people see it in Slack. */
  channelName: string;
  user: DemoSlackUser;
  /** Messages kept; the oldest go first. */
  maxMessages?: number;
};

export type SlackReceiver = {
  /** Serves `/slack…` (the page, its feed, clicks and the Web API); false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Where clicks go, and the origin the page is served from (clicks from elsewhere are refused). */
  connect(options: { interactionsUrl: string; pageOrigin: string }): void;
  messages: readonly DemoSlackMessage[];
};

const maxBodyBytes = 256 * 1024;
const apiPrefix = '/slack/api/';

/**
 * A Slack-shaped stand-in for the demo: it answers the Web API calls Countersign makes
 * (`chat.postMessage`, `chat.update`, `chat.postEphemeral`, `users.info`) as Slack does, keeps one
 * channel's messages in memory, serves a page showing them, and turns a click on that page into a
 * `block_actions` interaction signed with the signing secret, exactly as Slack would send it.
 */
export function createSlackReceiver(options: SlackReceiverOptions): SlackReceiver {
  const maxMessages = options.maxMessages ?? 200;
  const messages: DemoSlackMessage[] = [];
  let target: { interactionsUrl: string; pageOrigin: string } | null = null;
  let nextTs = Math.floor(Date.now() / 1000);

  const slackCall = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const str = (value: unknown) => (typeof value === 'string' ? value : '');
    const blocks = (value: unknown) => (Array.isArray(value) ? value.slice(0, 50) : []);
    switch (method) {
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (args.channel !== options.channel) return { ok: false, error: 'channel_not_found' };
        if (!str(args.text) && blocks(args.blocks).length === 0)
          return { ok: false, error: 'no_text' };
        const ts = `${nextTs++}.000100`;
        messages.push({
          ts,
          text: str(args.text).slice(0, 4000),
          blocks: blocks(args.blocks),
          edited: false,
          ephemeral: method === 'chat.postEphemeral',
        });
        if (messages.length > maxMessages) messages.splice(0, messages.length - maxMessages);
        return method === 'chat.postMessage'
          ? { ok: true, channel: options.channel, ts, message: { text: str(args.text) } }
          : { ok: true, message_ts: ts };
      }
      case 'chat.update': {
        const message = messages.find((m) => m.ts === args.ts && args.channel === options.channel);
        if (!message) return { ok: false, error: 'message_not_found' };
        Object.assign(message, {
          text: str(args.text).slice(0, 4000),
          blocks: blocks(args.blocks),
          edited: true,
        });
        return { ok: true, channel: options.channel, ts: message.ts, text: message.text };
      }
      case 'users.info':
        if (args.user !== options.user.id) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: options.user.id,
            name: options.user.name,
            profile: { email: options.user.email },
          },
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const api = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    if (req.headers.authorization !== `Bearer ${options.botToken}`) {
      return json(res, 200, {
        ok: false,
        error: req.headers.authorization ? 'invalid_auth' : 'not_authed',
      });
    }
    const args = parseArgs(await readBody(req), String(req.headers['content-type'] ?? ''));
    json(res, 200, args ? slackCall(method, args) : { ok: false, error: 'invalid_arguments' });
  };

  const click = async (req: IncomingMessage, res: ServerResponse) => {
    // Only the page itself may click: the JSON content type forces a preflight from elsewhere.
    if (!target || req.headers.origin !== target.pageOrigin) return json(res, 403, { ok: false });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return json(res, 415, { ok: false });
    }
    const body = parseArgs(await readBody(req), 'application/json');
    const message = messages.find((m) => m.ts === body?.ts);
    const button = message && findButton(message.blocks, body?.value);
    if (!message || !button) return json(res, 404, { ok: false, error: 'No such button' });
    const payload = {
      type: 'block_actions',
      user: { id: options.user.id, username: options.user.name, name: options.user.name },
      channel: { id: options.channel },
      container: { type: 'message', message_ts: message.ts, channel_id: options.channel },
      message: { ts: message.ts, text: message.text },
      trigger_id: `${Date.now()}.demo`,
      actions: [{ ...button, block_id: button.block_id, action_ts: String(Date.now() / 1000) }],
    };
    const signed = signInteraction(options.signingSecret, payload);
    const answer = await fetch(target.interactionsUrl, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    }).catch(() => null);
    json(res, answer?.ok ? 200 : 502, { ok: answer?.ok ?? false, status: answer?.status ?? 0 });
  };

  return {
    messages,
    connect(next) {
      target = next;
    },
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://receiver').pathname;
      if (path !== '/slack' && !path.startsWith('/slack/')) return false;
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-store');
      const run = (work: Promise<void>) =>
        void work.catch(() => {
          if (!res.headersSent) json(res, 400, { ok: false, error: 'invalid_request' });
        });
      if (req.method === 'POST' && path.startsWith(apiPrefix)) {
        run(api(req, res, path.slice(apiPrefix.length)));
      } else if (req.method === 'POST' && path === '/slack/click') {
        run(click(req, res));
      } else if (req.method === 'GET' && path === '/slack/feed') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(slackFeed(messages));
      } else if (req.method === 'GET' && path === '/slack') {
        const page = slackPage(options.channelName, messages);
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${page.nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'`,
        });
        res.end(page.html);
      } else {
        json(res, 404, { ok: false, error: 'not_found' });
      }
      return true;
    },
  };
}

type Button = {
  type: string;
  action_id?: string;
  value?: string;
  block_id?: string;
  text?: unknown;
};

/** The button with this value in the message's action blocks, as Slack would echo it back. */
function findButton(blocks: unknown[], value: unknown): Button | undefined {
  if (typeof value !== 'string') return undefined;
  for (const block of blocks as { type?: unknown; block_id?: unknown; elements?: unknown }[]) {
    if (block?.type !== 'actions' || !Array.isArray(block.elements)) continue;
    const found = (block.elements as Button[]).find(
      (e) => e?.type === 'button' && e.value === value,
    );
    if (found) {
      return {
        type: 'button',
        action_id: found.action_id,
        value: found.value,
        text: found.text,
        block_id: typeof block.block_id === 'string' ? block.block_id : undefined,
      };
    }
  }
  return undefined;
}

/** Slack signs `v0:{timestamp}:{raw body}` with HMAC-SHA256 of the app's signing secret. */
export function signInteraction(signingSecret: string, payload: unknown) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': `v0=${digest}`,
    },
  };
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.startsWith('application/json')) {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    }
    // No prototype: a form field named __proto__ stays an ordinary key.
    const args = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of new URLSearchParams(raw)) {
      args[key] = key === 'blocks' ? (JSON.parse(value) as unknown) : value;
    }
    return args;
  } catch {
    return null;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error('Body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
