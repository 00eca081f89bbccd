/** The Slack Web API's base address; COUNTERSIGN_SLACK_API_URL overrides it (tests, the demo). */
export const defaultSlackApiUrl = 'https://slack.com/api';

export type SlackHttp = (url: string, init: RequestInit) => Promise<Response>;

/** What a Slack Web API call came to: Slack's own `ok`/`error`, or a 429 with its `Retry-After`. */
export type SlackResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; error: string; status: number; retryAfter: string | null };

/** Slack error codes are short snake_case words; anything else from the wire is not shown verbatim. */
function safeErrorCode(value: unknown): string {
  return typeof value === 'string' && /^[a-z0-9_]{1,60}$/.test(value) ? value : 'unknown_error';
}

/**
 * Calls one Slack Web API method with the bot token, as JSON. Slack answers HTTP 200 with `ok:false` and
 * an error code for most failures, and 429 with `Retry-After` when rate limited.
 */
export async function callSlack(
  http: SlackHttp,
  apiUrl: string,
  botToken: string,
  method: string,
  args: Record<string, unknown>,
): Promise<SlackResult> {
  const res = await http(`${apiUrl.replace(/\/+$/, '')}/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Authorization: `Bearer ${botToken}`,
    },
    body: JSON.stringify(args),
  });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.status === 429) {
    return {
      ok: false,
      error: 'ratelimited',
      status: 429,
      retryAfter: res.headers.get('retry-after'),
    };
  }
  if (!res.ok || !body || body.ok !== true) {
    const error = res.ok ? safeErrorCode(body?.error) : `http_${res.status}`;
    return { ok: false, error, status: res.status, retryAfter: null };
  }
  return { ok: true, body };
}
