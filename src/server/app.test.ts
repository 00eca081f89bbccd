import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { bootstrap } from './bootstrap';
import { migrateToLatest, openSqlite } from './db/database';
import { sha256 } from './lib/tokens';
import { apiContentSecurityPolicy, contentSecurityPolicy } from './static/security-headers';
import { agentToken, createTestApp, toolRequest } from './testing/test-app';

describe('app', () => {
  it('answers unknown API paths with the 404 error shape', async () => {
    const t = await createTestApp();
    for (const path of ['/api/v1/nope', '/api/other', '/api']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({
        error: {
          code: 'not_found',
          message: expect.any(String),
          requestId: res.headers.get('X-Request-Id'),
        },
      });
    }
    const wrongMethod = await t.app.request('/api/v1/runs', { method: 'PUT' });
    expect(wrongMethod.status).toBe(404);
    await t.close();
  });

  it('sets security headers and no-store on API responses', async () => {
    const t = await createTestApp();
    const res = await t.app.request('/api/v1/me');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
    await t.close();
  });

  it('turns an unexpected failure into a 500 internal without details', async () => {
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    const app = createApp({ db, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    await db.destroy();
    const res = await app.request('/api/v1/runs', { headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        code: 'internal',
        message: 'Something went wrong on our side',
        requestId: res.headers.get('X-Request-Id'),
      },
    });
  });

  it('never returns password hashes or token hashes', async () => {
    const t = await createTestApp();
    const admin = await t.asAdmin();
    const run = await t.createRun({ customer: 'c1' });
    const request = await t.createRequest(run.id, toolRequest());
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: admin,
      body: { decision: 'approve', remember: true },
    });
    const bodies = await Promise.all(
      ['/me', '/users', '/agent-tokens', '/sources', '/rules', '/runs', `/runs/${run.id}`].map(
        (path) => t.call('GET', path, { cookie: admin }),
      ),
    );
    const session = await t.call('POST', '/session', {
      body: { username: 'admin', password: 'admin-password' },
    });
    const text = JSON.stringify([...bodies.map((b) => b.body), session.body]);
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain(sha256(agentToken));
    expect(text).not.toContain(agentToken);
    expect(text).not.toMatch(/password_hash|passwordHash|token_hash|tokenHash/);
    await t.close();
  });
});

describe('single-page app', () => {
  let webDir: string;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'countersign-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(
      join(webDir, 'index.html'),
      '<!doctype html><title>Countersign</title>\n' +
        '<link rel="modulepreload" crossorigin href="/assets/app-abc123.js">\n' +
        '<link rel="modulepreload" crossorigin href="/assets/inbox-abc123.js" data-path="/">',
    );
    await writeFile(join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    await writeFile(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    await bootstrap(db, { adminPassword: 'x', at: new Date().toISOString() });
    app = createApp({ db, webDir });
  });
  afterAll(() => rm(webDir, { recursive: true, force: true }));

  it('serves index.html with the CSP for / and for client-side routes', async () => {
    for (const path of ['/', '/index.html', '/runs/run_123', '/history?q=x', '/sign-in']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('<title>Countersign</title>');
      const nonce = /<meta property="csp-nonce" nonce="([^"]+)"/.exec(html)?.[1];
      expect(res.headers.get('Content-Security-Policy')).toBe(
        contentSecurityPolicy([], nonce, 'http://localhost/sw.js'),
      );
      expect(res.headers.get('Cache-Control')).toBe('no-cache');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
  });

  it("keeps the build's preloads marked for one page only in that page", async () => {
    const landing = await (await app.request('/')).text();
    expect(landing).toContain('href="/assets/inbox-abc123.js" data-path="/"');
    expect(landing).toContain('href="/assets/app-abc123.js"');
    for (const path of ['/runs/run_123', '/history', '/sign-in', '/index.html']) {
      const html = await (await app.request(path)).text();
      expect(html, path).not.toContain('inbox-abc123.js');
      expect(html, path).toContain('href="/assets/app-abc123.js"');
    }
  });

  it('caches hashed assets for a year and 404s missing ones', async () => {
    const asset = await app.request('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('Content-Security-Policy')).toBe(apiContentSecurityPolicy);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    const icon = await app.request('/favicon.svg');
    expect(icon.status).toBe(200);
  });

  it('keeps /api paths as JSON 404s', async () => {
    const res = await app.request('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/application\/json/);
  });

  it('refuses path traversal', async () => {
    const res = await app.request('/../../etc/passwd');
    expect(await res.text()).not.toContain('root:');
  });
});
