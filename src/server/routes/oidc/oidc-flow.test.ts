import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOidcProvider, type FakeOidcProvider } from '../../../../test/fakes/oidc-provider';
import { createTestApp, type TestApp } from '../../testing/test-app';

const publicUrl = 'http://countersign.test';
const users = [
  { sub: 'ada', name: 'ada', email: 'ada@example.com', groups: ['staff', 'cs-reviewers'] },
  { sub: 'eve', name: 'eve', email: 'eve@example.com', groups: ['contractors'] },
];

let provider: FakeOidcProvider;
let t: TestApp;
beforeAll(async () => {
  provider = await startFakeOidcProvider({
    redirectUris: [`${publicUrl}/api/v1/auth/oidc/callback`],
    users,
    // Short enough that a callback five minutes later (within the ten minutes a sign-in may take)
    // carries an expired ID token.
    idTokenTtlSeconds: 60,
  });
});
afterAll(() => provider.close());
afterEach(() => t.close());

async function appWithProvider(issuer = provider.issuer) {
  t = await createTestApp({
    publicUrl,
    oidc: {
      issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupsClaim: 'groups',
    },
  });
  await t.call('PUT', '/auth/oidc/role-mapping', {
    cookie: await t.asAdmin(),
    body: { mapping: [{ group: 'cs-reviewers', role: 'reviewer' }] },
  });
}

/** A browser in miniature: follows redirects between the app and the provider, keeping each one's cookies. */
function browser() {
  const jars = new Map<string, Map<string, string>>();
  const visited: URL[] = [];
  async function get(url: URL, init: { method?: string; body?: string } = {}): Promise<Response> {
    const jar = jars.get(url.origin) ?? new Map<string, string>();
    jars.set(url.origin, jar);
    const headers: Record<string, string> = {
      Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (init.body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const request = new Request(url, { method: init.method ?? 'GET', headers, body: init.body });
    const res =
      url.origin === publicUrl
        ? await t.app.request(request)
        : await fetch(request, { redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
      if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    visited.push(url);
    return res;
  }
  /** Follows redirects until a page that is not one; signs in at the provider's form as `login`. */
  async function walk(
    start: URL,
    login?: string,
    stopAt?: (url: URL) => boolean,
  ): Promise<{ url: URL; res: Response }> {
    let url = start;
    let res = await get(url);
    for (let hops = 0; hops < 20; hops += 1) {
      const location = res.headers.get('Location');
      if (location) {
        url = new URL(location, url);
        if (stopAt?.(url)) return { url, res };
        res = await get(url);
        continue;
      }
      const html = url.origin === provider.issuer ? await res.text() : '';
      if (login && html.includes('name="login"')) {
        const action = /action="([^"]+)"/.exec(html)![1]!;
        url = new URL(action, url);
        res = await get(url, {
          method: 'POST',
          body: new URLSearchParams({ prompt: 'login', login, password: 'x' }).toString(),
        });
        continue;
      }
      return { url, res };
    }
    throw new Error('too many redirects');
  }
  return { walk, visited, jars };
}

const startUrl = new URL('/api/v1/auth/oidc/start', publicUrl);
const sessionOf = (b: ReturnType<typeof browser>) => {
  const token = b.jars.get(publicUrl)?.get('cs_session');
  return token ? `cs_session=${token}` : undefined;
};

describe('single sign-on through a real OpenID provider', () => {
  it('creates the person on first sign-in with the mapped role and signs them in', async () => {
    await appWithProvider();
    const b = browser();
    const { url } = await b.walk(startUrl, 'ada');
    expect(url.toString()).toBe(`${publicUrl}/`);
    const authorize = b.visited.find((u) => u.origin === provider.issuer)!;
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const me = await t.call('GET', '/me', { cookie: sessionOf(b) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'ada', role: 'reviewer' });

    // The second sign-in finds the same person.
    const again = browser();
    await again.walk(startUrl, 'ada');
    const meAgain = await t.call('GET', '/me', { cookie: sessionOf(again) });
    expect(meAgain.body.id).toBe(me.body.id);
    const row = await t.db
      .selectFrom('users')
      .select(['oidc_subject', 'email', 'password_hash'])
      .where('id', '=', me.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ oidc_subject: 'ada', email: 'ada@example.com' });
    // No password signs this person in.
    const password = await t.call('POST', '/session', {
      body: { username: 'ada', password: row.password_hash },
    });
    expect(password.status).toBe(401);
  });

  it('audits the creation of a person and a role their groups change, with them as the actor', async () => {
    await appWithProvider();
    const admin = await t.asAdmin();
    await browser().walk(startUrl, 'ada');
    const people = async () =>
      (await t.call('GET', '/audit?action=user', { cookie: admin })).body.items;
    const [created] = await people();
    expect(created).toMatchObject({
      action: 'user.created',
      actor: 'ada',
      targetType: 'user',
      summary: 'ada signed in with single sign-on for the first time and was added as reviewer',
      data: { username: 'ada', role: 'reviewer', via: 'sso', subject: 'ada' },
    });
    expect(created.actorId).toBe(created.targetId);

    // Signing in again with the same role records nothing more about the person.
    await browser().walk(startUrl, 'ada');
    expect(await people()).toHaveLength(1);

    await t.call('PUT', '/auth/oidc/role-mapping', {
      cookie: admin,
      body: { mapping: [{ group: 'staff', role: 'admin' }] },
    });
    await browser().walk(startUrl, 'ada');
    const [changed] = await people();
    expect(changed).toMatchObject({
      action: 'user.role_changed',
      actor: 'ada',
      targetId: created.targetId,
      data: { from: 'reviewer', to: 'admin', via: 'sso' },
    });
  });

  it('refuses a person none of whose groups is mapped', async () => {
    await appWithProvider();
    const b = browser();
    const { url } = await b.walk(startUrl, 'eve');
    expect(url.pathname + url.search).toBe('/sign-in?sso=unmapped');
    expect(sessionOf(b)).toBeUndefined();
    expect(
      await t.db.selectFrom('users').select('id').where('oidc_subject', '=', 'eve').execute(),
    ).toEqual([]);
  });

  it('refuses a callback whose state is not the one its start made, and a replayed code', async () => {
    await appWithProvider();
    const b = browser();
    await b.walk(startUrl, 'ada');
    const callback = b.visited.find((u) => u.pathname === '/api/v1/auth/oidc/callback')!;
    // The same code again: the one-time start cookie is gone.
    const replay = await b.walk(callback);
    expect(replay.url.search).toBe('?sso=expired');

    // A new sign-in whose fresh code comes back with another state.
    const other = browser();
    const stopped = await other.walk(startUrl, 'ada', (u) => u.origin === publicUrl);
    expect(stopped.url.searchParams.get('code')).toBeTruthy();
    const forged = new URL(stopped.url);
    forged.searchParams.set('state', 'not-the-state');
    const refused = await other.walk(forged);
    expect(refused.url.search).toBe('?sso=failed');
  });

  it('lands on the sign-in page when the provider reports an error or is unreachable', async () => {
    await appWithProvider();
    const b = browser();
    await b.walk(startUrl);
    const denied = new URL('/api/v1/auth/oidc/callback?error=access_denied&state=x', publicUrl);
    expect((await b.walk(denied)).url.search).toBe('?sso=provider');
    t.close();
    await appWithProvider('http://127.0.0.1:1/');
    expect((await browser().walk(startUrl)).url.search).toBe('?sso=unavailable');
  });

  it('refuses an ID token that has expired by the time it is checked', async () => {
    await appWithProvider();
    const b = browser();
    const isCallback = (url: URL) => url.pathname === '/api/v1/auth/oidc/callback';
    const { url: callback } = await b.walk(startUrl, 'ada', isCallback);
    expect(isCallback(callback)).toBe(true);
    t.advanceClock(5 * 60_000);
    const { url } = await b.walk(callback);
    expect(url.search).toBe('?sso=failed');
    expect(sessionOf(b)).toBeUndefined();
  });

  it('refuses a token from another issuer', async () => {
    // The app trusts an issuer URL that differs from what the provider's discovery says it is.
    await appWithProvider(provider.issuer.replace('127.0.0.1', 'localhost'));
    const { url } = await browser().walk(startUrl, 'ada');
    expect(url.search).toMatch(/^\?sso=(unavailable|failed)$/);
  });
});
