import type { bulkResponseSchema } from '../../../shared/bulk';
import type { createRequestSchema } from '../../../shared/requests';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser, runScope } from '../../auth/guards';
import { answerRequest } from '../../domain/answers';
import { answerInBulk } from '../../domain/bulk-answers';
import { createRequest } from '../../domain/requests';
import { retryDelivery } from '../../domain/delivery-retry';
import { waitWhilePending } from '../../domain/wait-for-request';
import { pathParam } from '../../lib/params';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput, QueryInput } from '../../http/validators';
import { readJson } from '../../lib/validate';
import type { getRequestQuerySchema } from './requests.schemas';

export const create: AppHandler<JsonInput<typeof createRequestSchema>> = async (c) => {
  const request = await createRequest(
    c.get('deps'),
    runScope(c),
    pathParam(c),
    c.req.valid('json'),
  );
  return c.json(request, 201);
};

export const getOne: AppHandler<QueryInput<typeof getRequestQuerySchema>> = async (c) => {
  const { wait } = c.req.valid('query');
  const request = await waitWhilePending(c.get('deps'), pathParam(c), runScope(c), {
    seconds: wait ?? 0,
    deliver: c.get('principal')?.type === 'agent',
    signal: c.req.raw.signal,
  });
  return c.json(request, 200);
};

export const answer: AppHandler = async (c) => {
  const key = c.req.header('Idempotency-Key');
  const result = await answerRequest(
    c.get('deps'),
    currentUser(c),
    pathParam(c),
    await readJson(c),
    key,
    auditOrigin(c),
  );
  return c.json(result.body as object, result.status);
};

export const answerBulk: AppHandler<JsonInput<typeof bulkResponseSchema>> = async (c) => {
  const results = await answerInBulk(
    c.get('deps'),
    currentUser(c),
    c.req.valid('json'),
    c.req.header('Idempotency-Key'),
    auditOrigin(c),
  );
  return c.json({ results }, 200);
};

export const retry: AppHandler = async (c) => {
  const deps = c.get('deps');
  const request = await retryDelivery(
    deps,
    pathParam(c),
    currentUser(c).username,
    deps.connectors.kickDelivery,
    auditOrigin(c),
  );
  return c.json(request, 200);
};
