import { createHmac } from 'node:crypto';
import { startFakeServer, type RecordedCall, type Reply } from './fake-server';

export type SlackUser = { id: string; email?: string; name?: string };

export type PostedMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  updates: { text: string; blocks: unknown[] }[];
  /** When it arrived, by `performance.now()` of this process. */
  postedAt: number;
  /** Slack's message metadata (`event_type`, `event_payload`), when the poster sent it. */
  metadata: unknown;
};

/** Slack answers HTTP 200 even for a failed call; `ok:false` and an error code say what went wrong. */
const slackError = (error: string): Reply => ({ status: 200, body: { ok: false, error } });

/** Slack's Web API accepts both `application/x-www-form-urlencoded` and JSON bodies. */
function readArgs(call: RecordedCall): Record<string, unknown> {
  const type = String(call.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    return typeof call.body === 'object' && call.body !== null
      ? (call.body as Record<string, unknown>)
      : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(call.rawBody)) {
    if (key === 'blocks' || key === 'view') {
      try {
        args[key] = JSON.parse(value);
      } catch {
        args[key] = null;
      }
    } else args[key] = value;
  }
  for (const [key, value] of call.query) args[key] ??= value;
  return args;
}

/**
 * The Slack Web API as Countersign uses it (`chat.postMessage`, `chat.update`, `chat.postEphemeral`,
 * `users.info`, `views.open`), over real HTTP with a bot token (`Authorization: Bearer xoxb-…`).
 * It records what it received and can answer 429 with `Retry-After` for a while.
 */
export async function startSlackFake(options: { botToken: string; users?: SlackUser[] }) {
  const messages: PostedMessage[] = [];
  const ephemerals: { channel: string; user: string; text: string }[] = [];
  const views: { trigger_id: string; view: unknown }[] = [];
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const channels = new Set<string>();
  let botToken = options.botToken;
  let rateLimitSeconds: number | null = null;
  let historyError: string | null = null;
  let triggersExpired = false;
  // Slack's ts is the posting time in seconds with a unique 6-digit suffix.
  let sequence = 0;
  const nextTs = () =>
    `${Math.floor(Date.now() / 1000)}.${String(++sequence % 1e6).padStart(6, '0')}`;
  const postListeners = new Set<(message: PostedMessage) => void>();

  function guarded(handler: (args: Record<string, unknown>) => Reply) {
    return (call: RecordedCall): Reply => {
      if (rateLimitSeconds !== null) {
        return {
          status: 429,
          headers: { 'Retry-After': String(rateLimitSeconds) },
          body: { ok: false, error: 'ratelimited' },
        };
      }
      const auth = call.headers.authorization;
      if (!auth) return slackError('not_authed');
      if (auth !== `Bearer ${botToken}`) return slackError('invalid_auth');
      return handler(readArgs(call));
    };
  }

  const knownChannel = (channel: unknown) =>
    typeof channel === 'string' && (channels.size === 0 || channels.has(channel));

  const fake = await startFakeServer([
    [
      'POST',
      /^\/chat\.postMessage$/,
      guarded((args) => {
        if (!knownChannel(args.channel)) return slackError('channel_not_found');
        const text = typeof args.text === 'string' ? args.text : '';
        const blocks = Array.isArray(args.blocks) ? args.blocks : [];
        if (!text && blocks.length === 0) return slackError('no_text');
        const ts = nextTs();
        const message: PostedMessage = {
          channel: String(args.channel),
          ts,
          text,
          blocks,
          updates: [],
          postedAt: performance.now(),
          metadata: typeof args.metadata === 'object' ? args.metadata : undefined,
        };
        messages.push(message);
        for (const listener of postListeners) listener(message);
        return { status: 200, body: { ok: true, channel: message.channel, ts, message: { text } } };
      }),
    ],
    [
      'POST',
      /^\/chat\.update$/,
      guarded((args) => {
        const message = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return slackError('message_not_found');
        const text = typeof args.text === 'string' ? args.text : '';
        const blocks = Array.isArray(args.blocks) ? args.blocks : [];
        message.updates.push({ text, blocks });
        return { status: 200, body: { ok: true, channel: message.channel, ts: message.ts, text } };
      }),
    ],
    [
      'POST',
      /^\/conversations\.history$/,
      guarded((args) => {
        if (historyError) return slackError(historyError);
        if (!knownChannel(args.channel)) return slackError('channel_not_found');
        const oldest = Number(args.oldest ?? 0);
        const limit = Math.min(Number(args.limit ?? 100) || 100, 999);
        const withMetadata =
          args.include_all_metadata === true || args.include_all_metadata === 'true';
        // Newest first, as Slack returns them; metadata only when asked for.
        const found = messages
          .filter((m) => m.channel === args.channel && Number(m.ts) >= oldest)
          .reverse();
        return {
          status: 200,
          body: {
            ok: true,
            has_more: found.length > limit,
            messages: found.slice(0, limit).map((m) => ({
              type: 'message',
              ts: m.ts,
              text: m.text,
              ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
            })),
          },
        };
      }),
    ],
    [
      'POST',
      /^\/chat\.postEphemeral$/,
      guarded((args) => {
        if (!knownChannel(args.channel)) return slackError('channel_not_found');
        if (typeof args.user !== 'string' || !users.has(args.user))
          return slackError('user_not_in_channel');
        ephemerals.push({
          channel: String(args.channel),
          user: args.user,
          text: typeof args.text === 'string' ? args.text : '',
        });
        return { status: 200, body: { ok: true, message_ts: nextTs() } };
      }),
    ],
    [
      'POST',
      /^\/users\.info$/,
      guarded((args) => {
        const user = typeof args.user === 'string' ? users.get(args.user) : undefined;
        if (!user) return slackError('user_not_found');
        return {
          status: 200,
          body: {
            ok: true,
            user: {
              id: user.id,
              name: user.name ?? user.id,
              profile: user.email ? { email: user.email } : {},
            },
          },
        };
      }),
    ],
    [
      'POST',
      /^\/views\.open$/,
      guarded((args) => {
        if (typeof args.trigger_id !== 'string' || !args.trigger_id)
          return slackError('invalid_trigger_id');
        if (triggersExpired) return slackError('expired_trigger_id');
        if (typeof args.view !== 'object' || args.view === null)
          return slackError('invalid_arguments');
        views.push({ trigger_id: args.trigger_id, view: args.view });
        return { status: 200, body: { ok: true, view: { id: `V${views.length}`, ...args.view } } };
      }),
    ],
  ]);

  return {
    ...fake,
    messages,
    ephemerals,
    views,
    /** The first message (already posted or still to come) that `matches`; rejects after `timeoutMs`. */
    whenPosted(matches: (message: PostedMessage) => boolean, timeoutMs = 10_000) {
      const found = messages.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise<PostedMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          postListeners.delete(listener);
          reject(new Error(`No matching Slack message within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (message: PostedMessage) => {
          if (!matches(message)) return;
          clearTimeout(timer);
          postListeners.delete(listener);
          resolve(message);
        };
        postListeners.add(listener);
      });
    },
    /** Only these channels exist from now on (any channel does until this is called). */
    setChannels(names: string[]) {
      channels.clear();
      for (const name of names) channels.add(name);
    },
    addUser(user: SlackUser) {
      users.set(user.id, user);
    },
    rotateToken(token: string) {
      botToken = token;
    },
    /** A trigger_id is good for 3 seconds: from now on every one is too old (`expired_trigger_id`). */
    expireTriggers(expired: boolean) {
      triggersExpired = expired;
    },
    /** Answers `conversations.history` with this error (such as `missing_scope`) until `null`. */
    failHistory(error: string | null) {
      historyError = error;
    },
    /** Answers every call 429 with `Retry-After: seconds` until `rateLimit(null)`. */
    rateLimit(seconds: number | null) {
      rateLimitSeconds = seconds;
    },
  };
}

export type SlackFake = Awaited<ReturnType<typeof startSlackFake>>;

/**
 * Signs an interaction as Slack does: body `payload=<urlencoded JSON>`, `X-Slack-Request-Timestamp`, and
 * `X-Slack-Signature: v0=hex(HMAC-SHA256(signingSecret, "v0:{timestamp}:{raw body}"))`.
 */
export function signSlackInteraction(
  signingSecret: string,
  payload: unknown,
  timestampSeconds = Math.floor(Date.now() / 1000),
) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = String(timestampSeconds);
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': signature,
    },
  };
}
