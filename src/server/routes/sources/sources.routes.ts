import { Hono } from 'hono';
import { requireUser } from '../../auth/guards';
import { listSources } from '../../domain/sources';
import type { AppEnv } from '../../lib/app-env';

export const sourcesRoutes = new Hono<AppEnv>().get('/sources', requireUser('viewer'), async (c) =>
  c.json({ items: await listSources(c.get('deps').db), nextCursor: null }, 200),
);
