import { Hono, type MiddlewareHandler } from 'hono';
import { bulkResponseSchema } from '../../../shared/bulk';
import { createRequestSchema } from '../../../shared/requests';
import { reassignSchema } from '../../../shared/teams';
import { requireAgent, requireUser, requireUserOrAgent } from '../../auth/guards';
import { ApiError } from '../../lib/api-error';
import type { AppEnv } from '../../http/app-env';
import { jsonBody, queryParams } from '../../http/validators';
import * as claims from './claims.handlers';
import * as handlers from './requests.handlers';
import { getRequestQuerySchema, idempotencyKeySchema } from './requests.schemas';

/** A key the client chose, checked before any work: 400 unless it is 1 to 200 characters. */
const idempotencyKeyHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && !idempotencyKeySchema.safeParse(key).success) {
    throw new ApiError(400, 'bad_request', 'Idempotency-Key must be 1 to 200 characters', {
      'Idempotency-Key': 'Must be 1 to 200 characters',
    });
  }
  await next();
};

export const requestsRoutes = new Hono<AppEnv>()
  .post('/runs/:id/requests', requireAgent, jsonBody(createRequestSchema), handlers.create)
  .get('/requests/:id', requireUserOrAgent, queryParams(getRequestQuerySchema), handlers.getOne)
  .post(
    '/requests/bulk-response',
    requireUser('reviewer'),
    idempotencyKeyHeader,
    jsonBody(bulkResponseSchema),
    handlers.answerBulk,
  )
  .post('/requests/:id/response', requireUser('reviewer'), idempotencyKeyHeader, handlers.answer)
  .post('/requests/:id/retry-delivery', requireUser('reviewer'), handlers.retry)
  .post('/requests/:id/claim', requireUser('reviewer'), claims.claim)
  .post('/requests/:id/release', requireUser('reviewer'), claims.release)
  .post('/requests/:id/assign', requireUser('admin'), jsonBody(reassignSchema), claims.reassign);
