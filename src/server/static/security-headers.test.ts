import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createFrameSources } from '../domain/frame-origins';

let webDir: string;
beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'countersign-csp-'));
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Countersign</title>');
});
afterAll(() => rm(webDir, { recursive: true, force: true }));

let t: TestApp;
afterEach(() => t.close());

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
}

describe('security headers', () => {
  it('sends a strict CSP and the browser hardening headers with every page', async () => {
    t = await createTestApp();
    const app = createApp({ db: t.db, webDir, frameOrigins: () => ['http://127.0.0.1:9999/x'] });
    const res = await app.request('/inbox');
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const csp = directives(res.headers.get('Content-Security-Policy'));
    expect(csp.get('script-src')).toBe("'self'");
    const nonce = /<meta property="csp-nonce" nonce="([^"]+)"/.exec(await res.text())?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp.get('style-src')).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp.get('frame-src')).toBe('http://127.0.0.1:9999');
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(res.headers.get('Permissions-Policy')).toContain('camera=()');
  });

  it('gives every page its own style nonce', async () => {
    t = await createTestApp();
    const app = createApp({ db: t.db, webDir });
    const styles = new Set<string | undefined>();
    for (const path of ['/', '/', '/runs/run_1']) {
      const res = await app.request(path);
      styles.add(directives(res.headers.get('Content-Security-Policy')).get('style-src'));
    }
    expect(styles.size).toBe(3);
  });

  it('lets nothing load from or frame an API response', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/me');
    expect(res.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('lets a page run only the app’s service worker, which may call this API and nothing else', async () => {
    t = await createTestApp();
    await writeFile(join(webDir, 'sw.js'), 'self.addEventListener("push", () => {});');
    const app = createApp({ db: t.db, webDir });
    const page = await app.request('http://cs.example.com:8080/inbox', {
      headers: { Host: 'cs.example.com:8080' },
    });
    const csp = directives(page.headers.get('Content-Security-Policy'));
    expect(csp.get('worker-src')).toBe('http://cs.example.com:8080/sw.js');
    const hostile = await app.request('http://x/inbox', {
      headers: { Host: "x; script-src 'unsafe-inline'" },
    });
    const hostileCsp = hostile.headers.get('Content-Security-Policy')!;
    expect(directives(hostileCsp).get('worker-src')).toBe("'none'");
    expect(hostileCsp).not.toContain('unsafe-inline');
    const worker = await app.request('/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('Content-Type')).toMatch(/javascript/);
    const workerCsp = directives(worker.headers.get('Content-Security-Policy'));
    expect(workerCsp.get('default-src')).toBe("'none'");
    expect(workerCsp.get('connect-src')).toBe("'self'");
  });

  it('frames nothing when no live view is known', async () => {
    t = await createTestApp();
    const app = createApp({ db: t.db, webDir });
    const csp = directives((await app.request('/')).headers.get('Content-Security-Policy'));
    expect(csp.get('frame-src')).toBe("'none'");
  });
});

describe('frame sources', () => {
  it('names connected platforms’ live-view hosts and open runs’ live-view origins', async () => {
    t = await createTestApp();
    const admin = await t.asAdmin();
    const anchor = await t.call('POST', '/sources', {
      cookie: admin,
      body: { kind: 'anchor', name: 'Anchor', secrets: { apiKey: 'anchor-key' } },
    });
    expect(anchor.status).toBe(201);
    await t.createRun({ liveUrl: 'https://live.example.net/s/1?token=abc' });
    const finished = await t.createRun({ liveUrl: 'https://old.example.org/s/2' });
    await t.agent('PATCH', `/runs/${finished.id}`, { status: 'completed' });
    await t.createRun({ liveUrl: 'http://127.0.0.1:8788/s/3' });

    const origins = createFrameSources(t.db, () => ['not a url', 'https://extra.example:8443/p']);
    expect(await origins()).toEqual([
      'http://127.0.0.1:8788',
      'https://extra.example:8443',
      'https://live.anchorbrowser.io',
      'https://live.example.net',
    ]);

    await t.call('DELETE', `/sources/${anchor.body.id}`, { cookie: admin });
    const fresh = createFrameSources(t.db, () => []);
    expect(await fresh()).not.toContain('https://live.anchorbrowser.io');
  });

  it('reads the runs again once one changes, and everything after a few seconds', async () => {
    t = await createTestApp();
    let clock = 0;
    const origins = createFrameSources(
      t.db,
      () => [],
      () => clock,
    );
    expect(await origins()).toEqual([]);
    await t.createRun({ liveUrl: 'https://live.example.net/s/1' });
    expect(await origins()).toEqual(['https://live.example.net']);

    await t.call('POST', '/sources', {
      cookie: await t.asAdmin(),
      body: { kind: 'anchor', name: 'Anchor', secrets: { apiKey: 'anchor-key' } },
    });
    expect(await origins()).toEqual(['https://live.example.net']);
    clock = 5_000;
    expect(await origins()).toEqual(['https://live.anchorbrowser.io', 'https://live.example.net']);
  });
});
