import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// The built app's hashed files: flat names under /assets/, so nothing here can leave the folder.
const assetPath = /^\/assets\/([\w.-]+\.(js|css|svg|json|txt))$/;
const contentTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};
// Below this, compression saves less than its headers cost.
const minBytes = 1024;

type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (`q=0` refuses one), brotli first. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

// Brotli at quality 5 compresses the app about as small as quality 11 within a few percent, some 30 times faster.
async function encode(body: Buffer, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  const encoded =
    encoding === 'br'
      ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : await gzipAsync(body, { level: 9 });
  return new Uint8Array(encoded);
}

/** The compressible files of the build, name to size in bytes, as they are on disk at start. */
function listAssets(webDir: string): Map<string, number> {
  const sizes = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(join(webDir, 'assets'));
  } catch {
    return sizes;
  }
  for (const name of names) {
    if (!assetPath.test(`/assets/${name}`)) continue;
    const stat = statSync(join(webDir, 'assets', name), { throwIfNoEntry: false });
    if (stat?.isFile()) sizes.set(name, stat.size);
  }
  return sizes;
}

export type CompressedAssets = {
  handler: MiddlewareHandler<AppEnv>;
  /** Encoded files held in memory, and their bytes (reserved at the file's size until encoded). */
  cached(): { entries: number; bytes: number };
};

/**
 * Serves the built app's scripts and styles compressed (brotli or gzip, as the browser accepts). Hashed
 * asset files never change, so each is compressed once, on its first request, and kept in memory.
 * Only files the build held at start are ever looked up, so names a client makes up cost no memory,
 * and the cache stops growing at `maxCachedBytes`; anything else (uncompressible, small, missing, over
 * the budget) falls through to the static file handler.
 */
export function compressedAssets(
  webDir: string,
  { maxCachedBytes = 64 * 1024 * 1024 }: { maxCachedBytes?: number } = {},
): CompressedAssets {
  const sizes = listAssets(webDir);
  const cache = new Map<string, Promise<Uint8Array<ArrayBuffer> | null>>();
  let bytes = 0;
  const load = (name: string, encoding: Encoding) => {
    const key = `${encoding}:${name}`;
    const cachedEntry = cache.get(key);
    if (cachedEntry) return cachedEntry;
    const size = sizes.get(name);
    if (size === undefined || bytes + size > maxCachedBytes) return null;
    // Reserved at the file's size before reading, so requests in flight cannot overshoot the budget.
    bytes += size;
    const entry = readFile(join(webDir, 'assets', name)).then(
      (body) => (body.length < minBytes ? null : encode(body, encoding)),
      () => null,
    );
    cache.set(key, entry);
    void entry.then((encoded) => {
      bytes += (encoded?.length ?? 0) - size;
    });
    return entry;
  };
  const handler: MiddlewareHandler<AppEnv> = async (c, next) => {
    const match = c.req.method === 'GET' ? assetPath.exec(c.req.path) : null;
    const encoding = match ? pickEncoding(c.req.header('Accept-Encoding')) : null;
    const body = match && encoding ? await load(match[1]!, encoding) : null;
    if (!match || !encoding || !body) return next();
    c.header('Content-Type', contentTypes[match[2]!]);
    c.header('Content-Encoding', encoding);
    c.header('Vary', 'Accept-Encoding');
    return c.body(body, 200);
  };
  return { handler, cached: () => ({ entries: cache.size, bytes }) };
}
