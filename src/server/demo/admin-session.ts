import { errorBodySchema } from '../../shared/errors';

export type DashboardSession = {
  request(method: string, path: string, body?: unknown): Promise<Response>;
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
};

async function failure(res: Response, what: string): Promise<Error> {
  const parsed = errorBodySchema.safeParse(await res.json().catch(() => null));
  const reason = parsed.success ? parsed.data.error.message : res.statusText;
  return new Error(`${what} failed (${res.status}): ${reason}`);
}

/** Signs in to the dashboard API with a password, as the app does, and reuses the session cookie. */
export async function signIn(
  baseUrl: string,
  username: string,
  password: string,
): Promise<DashboardSession> {
  const api = `${baseUrl.replace(/\/+$/, '')}/api/v1`;
  const res = await fetch(`${api}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await failure(res, `Signing in as ${username}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.startsWith('cs_session='))
    .join('; ');
  if (!cookie) throw new Error('Signing in returned no session cookie');

  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${api}${path}`, {
      method,
      headers: {
        Cookie: cookie,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  return {
    request,
    async json<T>(method: string, path: string, body?: unknown) {
      const r = await request(method, path, body);
      if (!r.ok) throw await failure(r, `${method} ${path}`);
      return (await r.json()) as T;
    },
  };
}
