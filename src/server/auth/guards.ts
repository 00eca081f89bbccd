import type { Context, MiddlewareHandler } from 'hono';
import type { Role, User } from '../../shared/users';
import type { RunScope } from '../domain/lookups';
import { forbidden, unauthorized } from '../lib/api-error';
import type { AppEnv } from '../lib/app-env';

const roleRank: Record<Role, number> = { viewer: 1, reviewer: 2, admin: 3 };

/** Signed-in users with at least `minRole`. */
export function requireUser(minRole: Role = 'viewer'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    if (principal.type !== 'user') throw forbidden('Agent tokens cannot use this endpoint');
    if (roleRank[principal.user.role] < roleRank[minRole]) {
      throw forbidden(`This needs the ${minRole} role`);
    }
    await next();
  };
}

export const requireAgent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = c.get('principal');
  if (!principal) throw unauthorized('Send an agent token: Authorization: Bearer <token>');
  if (principal.type !== 'agent') throw forbidden('This endpoint is for agents');
  await next();
};

/** Agents (their own source's runs) or signed-in users of any role. */
export const requireUserOrAgent: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('principal')) throw unauthorized();
  await next();
};

export function currentUser(c: Context<AppEnv>): User {
  const principal = c.get('principal');
  if (principal?.type !== 'user') throw unauthorized();
  return principal.user;
}

export function agentSourceId(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  if (principal?.type !== 'agent') throw unauthorized();
  return principal.sourceId;
}

export function runScope(c: Context<AppEnv>): RunScope {
  const principal = c.get('principal');
  return principal?.type === 'agent' ? { sourceId: principal.sourceId } : 'all';
}
