import type { createAgentTokenSchema } from '../../../shared/agent-tokens';
import { auditOrigin } from '../../auth/audit-origin';
import { createAgentToken, listAgentTokens, revokeAgentToken } from '../../domain/agent-tokens';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { pathParam } from '../../lib/params';

export const list: AppHandler = async (c) => {
  return c.json({ items: await listAgentTokens(c.get('deps').db), nextCursor: null }, 200);
};

export const create: AppHandler<JsonInput<typeof createAgentTokenSchema>> = async (c) => {
  const issued = await createAgentToken(c.get('deps'), c.req.valid('json').name, auditOrigin(c));
  return c.json(issued, 201);
};

export const remove: AppHandler = async (c) => {
  await revokeAgentToken(c.get('deps'), pathParam(c), auditOrigin(c));
  return c.body(null, 204);
};
