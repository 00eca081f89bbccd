import { Hono } from 'hono';
import { requireUser } from '../../auth/guards';
import { openEventStream } from './event-stream';
import { ApiError } from '../../lib/api-error';
import type { AppEnv } from '../../http/app-env';

function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,15}$/.test(value)) {
    throw new ApiError(400, 'bad_request', 'Last-Event-ID must be an event id from this stream', {
      lastEventId: 'Not an event id',
    });
  }
  return Number(value);
}

export const streamRoutes = new Hono<AppEnv>().get('/stream', requireUser('viewer'), (c) =>
  openEventStream(c, parseLastEventId(c.req.header('Last-Event-ID') ?? c.req.query('lastEventId'))),
);
