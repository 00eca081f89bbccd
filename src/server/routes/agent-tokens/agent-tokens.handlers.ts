import type { createAgentTokenSchema } from '../../../shared/agent-tokens';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser } from '../../auth/guards';
import {
  issueAgentToken,
  listAgentTokens as queryTokens,
  revokeAgentToken,
} from '../../domain/agent-tokens';
import { recordAudit } from '../../domain/audit';
import { isoNow } from '../../domain/context';
import type { AppHandler } from '../../http/app-env';
import { pathParam } from '../../lib/params';
import type { JsonInput } from '../../http/validators';

export const listAgentTokens: AppHandler = async (c) => {
  return c.json({ items: await queryTokens(c.get('deps').db), nextCursor: null }, 200);
};

export const createAgentToken: AppHandler<JsonInput<typeof createAgentTokenSchema>> = async (c) => {
  const deps = c.get('deps');
  const issued = await issueAgentToken(deps.db, 'native', c.req.valid('json').name, isoNow(deps));
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'token.created',
      summary: `${currentUser(c).username} created the agent token "${issued.name}" for ${issued.sourceId}`,
      targetType: 'token',
      targetId: issued.id,
      data: { name: issued.name, sourceId: issued.sourceId },
    },
    isoNow(deps),
  );
  return c.json(issued, 201);
};

export const deleteAgentToken: AppHandler = async (c) => {
  const deps = c.get('deps');
  const revoked = await revokeAgentToken(deps.db, pathParam(c));
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'token.revoked',
      summary: `${currentUser(c).username} revoked the agent token "${revoked.name}" for ${revoked.sourceId}`,
      targetType: 'token',
      targetId: revoked.id,
      data: { name: revoked.name, sourceId: revoked.sourceId },
    },
    isoNow(deps),
  );
  return c.body(null, 204);
};
