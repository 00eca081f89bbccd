import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { notFound } from '../lib/api-error';
import type { AppEnv } from '../lib/app-env';

const immutable = 'public, max-age=31536000, immutable';

/**
 * Serves the built single-page app: hashed files under /assets/ cached for a year, other files as
 * they are, and index.html (never cached) for every other GET so client-side routes load.
 */
export function spaRoutes(webDir: string) {
  const indexPath = join(webDir, 'index.html');
  return new Hono<AppEnv>()
    .use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.res.headers.set('Cache-Control', immutable);
    })
    .use('*', async (c, next) => {
      await next();
      if (c.res.headers.get('Content-Type')?.startsWith('text/html')) {
        c.res.headers.set('Cache-Control', 'no-cache');
      }
    })
    .use('*', serveStatic({ root: webDir }))
    .get('/assets/*', () => {
      throw notFound('File');
    })
    .get('*', async (c) => {
      if (!existsSync(indexPath)) throw notFound('Page');
      c.header('Cache-Control', 'no-cache');
      return c.html(await readFile(indexPath, 'utf8'));
    });
}
