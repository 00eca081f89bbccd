import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { compressedAssets, pickEncoding } from './compressed-assets';

let webDir: string;
let t: TestApp;
const script = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `row ${i}`))};\n`;

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'countersign-assets-'));
  await mkdir(join(webDir, 'assets'));
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Countersign</title>');
  await writeFile(join(webDir, 'assets', 'index-abc123.js'), script);
  await writeFile(join(webDir, 'assets', 'tiny-abc123.css'), 'body{margin:0}');
  t = await createTestApp({ webDir });
});
afterAll(async () => {
  await t.close();
  await rm(webDir, { recursive: true, force: true });
});

const get = (path: string, acceptEncoding?: string) =>
  t.app.request(path, {
    headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding },
  });

describe('compressed assets', () => {
  it('serves a script brotli-compressed when the browser accepts br, cached for a year', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toContain('immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(body).toString()).toBe(script);
  });

  it('falls back to gzip, and to the file as it is when nothing is accepted', async () => {
    const gzipped = await get('/assets/index-abc123.js', 'gzip');
    expect(gzipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(script);

    for (const refused of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get('/assets/index-abc123.js', refused);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('Content-Encoding')).toBeNull();
      expect(await plain.text()).toBe(script);
    }
  });

  it('leaves small files and missing files to the static handler', async () => {
    const tiny = await get('/assets/tiny-abc123.css', 'br');
    expect(tiny.headers.get('Content-Encoding')).toBeNull();
    expect(await tiny.text()).toBe('body{margin:0}');
    expect((await get('/assets/missing-abc123.js', 'br')).status).toBe(404);
    expect((await get('/assets/../index.html', 'br')).headers.get('Content-Encoding')).toBeNull();
  });
});

describe('the compressed assets cache', () => {
  const appWith = (assets: ReturnType<typeof compressedAssets>) =>
    new Hono()
      .use('/assets/*', assets.handler)
      .get('*', (c) => c.text('from the static handler', 404));

  // Ten thousand requests through the app: seconds on a busy two-core machine.
  it(
    'stays bounded by the build after 10,000 requests for names it does not hold',
    { timeout: 60_000 },
    async () => {
      const assets = compressedAssets(webDir);
      const app = appWith(assets);
      expect(
        (await app.request('/assets/index-abc123.js', { headers: { 'Accept-Encoding': 'br' } }))
          .status,
      ).toBe(200);
      const held = assets.cached();
      expect(held.entries).toBe(1);
      for (let i = 0; i < 10_000; i += 1) {
        const res = await app.request(`/assets/missing-${i}.js`, {
          headers: { 'Accept-Encoding': i % 2 ? 'br' : 'gzip' },
        });
        expect(res.status).toBe(404);
      }
      expect(assets.cached()).toEqual(held);
      // A file written after start is not part of the build that was served: no entry either.
      await writeFile(join(webDir, 'assets', 'later-abc123.js'), script);
      await app.request('/assets/later-abc123.js', { headers: { 'Accept-Encoding': 'br' } });
      expect(assets.cached()).toEqual(held);
    },
  );

  it('serves files as they are once the byte budget is spent', async () => {
    const assets = compressedAssets(webDir, { maxCachedBytes: script.length - 1 });
    const res = await appWith(assets).request('/assets/index-abc123.js', {
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(assets.cached()).toEqual({ entries: 0, bytes: 0 });

    const roomy = compressedAssets(webDir, { maxCachedBytes: script.length });
    const compressed = await appWith(roomy).request('/assets/index-abc123.js', {
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(compressed.headers.get('Content-Encoding')).toBe('br');
    const { bytes } = roomy.cached();
    expect(bytes).toBe((await compressed.arrayBuffer()).byteLength);
  });
});

describe('pickEncoding', () => {
  it('prefers brotli, honours q=0 and ignores unknown encodings', () => {
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('deflate, zstd')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});
