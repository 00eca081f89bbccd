import type { createRuleSchema } from '../../../shared/rules';
import { auditOrigin } from '../../auth/audit-origin';
import {
  createRule as insertRule,
  deleteRule as removeRule,
  listRules as queryRules,
} from '../../domain/rules';
import { pathParam } from '../../lib/params';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';

export const listRules: AppHandler = async (c) => {
  return c.json({ items: await queryRules(c.get('deps').db), nextCursor: null }, 200);
};

export const createRule: AppHandler<JsonInput<typeof createRuleSchema>> = async (c) => {
  const rule = await insertRule(c.get('deps'), c.req.valid('json'), auditOrigin(c));
  return c.json(rule, 201);
};

export const deleteRule: AppHandler = async (c) => {
  await removeRule(c.get('deps'), pathParam(c), auditOrigin(c));
  return c.body(null, 204);
};
