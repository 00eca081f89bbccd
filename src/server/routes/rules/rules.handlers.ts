import type { createRuleSchema, updateRuleSchema } from '../../../shared/rules';
import { auditOrigin } from '../../auth/audit-origin';
import { createRule, deleteRule, listRules, setRulePaused } from '../../domain/rules';
import { pathParam } from '../../lib/params';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';

export const list: AppHandler = async (c) => {
  return c.json({ items: await listRules(c.get('deps').db), nextCursor: null }, 200);
};

export const create: AppHandler<JsonInput<typeof createRuleSchema>> = async (c) => {
  const rule = await createRule(c.get('deps'), c.req.valid('json'), auditOrigin(c));
  return c.json(rule, 201);
};

export const update: AppHandler<JsonInput<typeof updateRuleSchema>> = async (c) => {
  const { paused } = c.req.valid('json');
  return c.json(await setRulePaused(c.get('deps'), pathParam(c), paused, auditOrigin(c)), 200);
};

export const remove: AppHandler = async (c) => {
  await deleteRule(c.get('deps'), pathParam(c), auditOrigin(c));
  return c.body(null, 204);
};
