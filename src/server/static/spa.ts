import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { notFound } from '../lib/api-error';
import type { AppEnv } from '../http/app-env';
import { compressedAssets } from './compressed-assets';
import { waitingIcon } from './waiting-icon';

const immutable = 'public, max-age=31536000, immutable';

/**
 * The page with this response's CSP nonce in a meta tag: the app hands it to the libraries that add
 * style elements at run time (the dialog's scroll lock), which the policy refuses without it.
 */
function withNonce(html: string, nonce: string | undefined): string {
  if (!nonce) return html;
  const meta = `<meta property="csp-nonce" nonce="${nonce}" />`;
  return html.includes('</head>') ? html.replace('</head>', `${meta}</head>`) : `${meta}${html}`;
}

const pathOnlyLink = /\s*<link\b[^>]*\bdata-path="([^"]*)"[^>]*>/g;

/** Drops the preload links the build marked for another page (`data-path`) than the one requested. */
export function forPath(html: string, path: string): string {
  return html.replace(pathOnlyLink, (link, only: string) => (only === path ? link : ''));
}

/**
 * Serves the built single-page app: hashed files under /assets/ cached for a year (scripts and styles
 * compressed), other files as
 * they are, and index.html (never cached, carrying the CSP nonce) for every other GET so client-side
 * routes load.
 */
export function spaRoutes(webDir: string) {
  const indexPath = join(webDir, 'index.html');
  const serveIndex = async (c: Context<AppEnv>) => {
    if (!existsSync(indexPath)) throw notFound('Page');
    c.header('Cache-Control', 'no-cache');
    const html = forPath(await readFile(indexPath, 'utf8'), c.req.path);
    return c.html(withNonce(html, c.get('cspNonce')));
  };
  return new Hono<AppEnv>()
    .use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.res.headers.set('Cache-Control', immutable);
    })
    .get('/', serveIndex)
    .get('/index.html', serveIndex)
    .get('/waiting-icon.svg', waitingIcon)
    .use('/assets/*', compressedAssets(webDir).handler)
    .use('*', serveStatic({ root: webDir }))
    .get('/assets/*', () => {
      throw notFound('File');
    })
    .get('*', serveIndex);
}
