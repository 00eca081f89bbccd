import type { reassignSchema } from '../../../shared/teams';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser } from '../../auth/guards';
import { claimRequest, reassignRequest, releaseRequest } from '../../domain/claims';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { pathParam } from '../../lib/params';

export const claim: AppHandler = async (c) =>
  c.json(await claimRequest(c.get('deps'), currentUser(c), pathParam(c), auditOrigin(c)), 200);

export const release: AppHandler = async (c) =>
  c.json(await releaseRequest(c.get('deps'), currentUser(c), pathParam(c), auditOrigin(c)), 200);

export const reassign: AppHandler<JsonInput<typeof reassignSchema>> = async (c) =>
  c.json(
    await reassignRequest(c.get('deps'), pathParam(c), c.req.valid('json').userId, auditOrigin(c)),
    200,
  );
