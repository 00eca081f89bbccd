import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeTable } from '../testing/route-table';
import { agentToken, createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const newRule = () => ({ customer: null, tool: `tool_${Math.random().toString(36).slice(2)}` });

describe('cross-site request forgery defence', () => {
  it('refuses every state-changing route from another origin before it runs', async () => {
    const cookie = await t.asAdmin();
    const routes = routeTable().filter((r) => r.stateChanging && r.csrfChecked);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const path = route.path.replace('/api/v1', '').replace(/:[A-Za-z]+/g, 'x_1');
      const res = await t.call(route.method, path, {
        cookie,
        body: {},
        headers: { Origin: 'https://evil.example', Host: 'desk.example' },
      });
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
      expect(res.body.error.message).toBe('Cross-origin request refused');
    }
  });

  it('refuses a call without Origin that the browser marks cross-site or same-site', async () => {
    const cookie = await t.asAdmin();
    for (const site of ['cross-site', 'same-site']) {
      const res = await t.call('POST', '/rules', {
        cookie,
        body: newRule(),
        headers: { 'Sec-Fetch-Site': site },
      });
      expect(res.status, site).toBe(403);
      expect(res.body.error.message).toBe('Cross-site request refused');
    }
    for (const site of ['same-origin', 'none']) {
      const res = await t.call('POST', '/rules', {
        cookie,
        body: newRule(),
        headers: { 'Sec-Fetch-Site': site },
      });
      expect(res.status, site).toBe(201);
    }
  });

  it('refuses the opaque origin of a sandboxed frame', async () => {
    const res = await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: newRule(),
      headers: { Origin: 'null' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses the same host under another scheme', async () => {
    const cookie = await t.asAdmin();
    const from = (origin: string) =>
      t.call('POST', '/rules', {
        cookie,
        body: newRule(),
        headers: { Origin: origin, Host: 'desk.example' },
      });
    const https = await from('https://desk.example');
    expect(https.status).toBe(403);
    expect(https.body.error).toEqual({
      code: 'forbidden',
      message: 'Cross-origin request refused',
      requestId: expect.any(String),
    });
    expect((await from('ws://desk.example')).status).toBe(403);
    expect((await from('http://desk.example')).status).toBe(201);
    expect((await from('HTTP://DESK.EXAMPLE:80')).status).toBe(201);
  });

  it('takes the scheme from X-Forwarded-Proto only behind a trusted proxy', async () => {
    const headers = (proto: string) => ({
      Origin: 'https://desk.example',
      Host: 'desk.example',
      'X-Forwarded-Proto': proto,
    });
    const direct = await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: newRule(),
      headers: headers('https'),
    });
    expect(direct.status).toBe(403);
    await t.close();
    t = await createTestApp({ trustProxy: true });
    const cookie = await t.asAdmin();
    const plain = await t.call('POST', '/rules', {
      cookie,
      body: newRule(),
      headers: headers('http'),
    });
    expect(plain.status).toBe(403);
    const secure = await t.call('POST', '/rules', {
      cookie,
      body: newRule(),
      headers: headers('https, http'),
    });
    expect(secure.status).toBe(201);
  });

  it('accepts the forwarded host only behind a trusted proxy', async () => {
    const headers = {
      Origin: 'https://desk.example',
      Host: '10.0.0.5:8787',
      'X-Forwarded-Host': 'desk.example',
      'X-Forwarded-Proto': 'https',
    };
    const direct = await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: newRule(),
      headers,
    });
    expect(direct.status).toBe(403);
    await t.close();
    t = await createTestApp({ trustProxy: true });
    const proxied = await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: newRule(),
      headers,
    });
    expect(proxied.status).toBe(201);
  });

  it('leaves bearer-token calls alone, as they carry no cookie', async () => {
    const res = await t.call('POST', '/runs', {
      token: agentToken,
      body: { title: 'From an agent' },
      headers: { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(201);
  });
});
