import type { createAgentTokenSchema } from '../../../shared/agent-tokens';
import { isoNow } from '../../domain/context';
import {
  issueAgentToken,
  listAgentTokens as queryTokens,
  revokeAgentToken,
} from '../../domain/agent-tokens';
import { pathParam } from '../../lib/params';
import type { AppHandler } from '../../lib/app-env';
import type { JsonInput } from '../../lib/validate';

export const listAgentTokens: AppHandler = async (c) => {
  return c.json({ items: await queryTokens(c.get('deps').db), nextCursor: null }, 200);
};

export const createAgentToken: AppHandler<JsonInput<typeof createAgentTokenSchema>> = async (c) => {
  const deps = c.get('deps');
  return c.json(
    await issueAgentToken(deps.db, 'native', c.req.valid('json').name, isoNow(deps)),
    201,
  );
};

export const deleteAgentToken: AppHandler = async (c) => {
  await revokeAgentToken(c.get('deps').db, pathParam(c));
  return c.body(null, 204);
};
