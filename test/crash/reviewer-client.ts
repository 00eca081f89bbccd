/**
 * The dashboard API as a reviewer's browser uses it, against a server that keeps getting killed: a call
 * that fails on the network waits for the server to come back and is sent again, as the app does (answers
 * keep their Idempotency-Key, so a resent answer returns the first result).
 */
export type ServerUrl = () => Promise<string>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads bodies loosely after checking the status
export type Reply = { status: number; body: any };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function reviewerClient(serverUrl: ServerUrl, cookie: string) {
  /** Resolves with the reply and how many sends were lost to a crash on the way. */
  async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply & { lostSends: number }> {
    let lostSends = 0;
    for (;;) {
      const base = await serverUrl();
      try {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: {
            Cookie: cookie,
            ...headers,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null, lostSends };
      } catch {
        lostSends += 1;
        await sleep(50);
      }
    }
  }
  return { send };
}

export async function signInCookie(
  baseUrl: string,
  username: string,
  password: string,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`Signing in as ${username}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cs_session='));
  if (!cookie) throw new Error('No session cookie');
  return cookie;
}
