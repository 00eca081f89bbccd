import type { Context, MiddlewareHandler } from 'hono';
import type { Role, User } from '../../shared/users';
import type { RunScope } from '../domain/lookups';
import { forbidden, unauthorized } from '../lib/api-error';
import type { AppEnv } from '../http/app-env';

/**
 * Who a route lets in. Every API route carries exactly one guard, and each guard is tagged with its
 * access, so the route table (testing/route-table.ts) is read from the router itself.
 */
export type RouteAccess = 'public' | 'platform' | 'agent' | 'user-or-agent' | Role;

export const accessTag = Symbol('routeAccess');

export type Guard = MiddlewareHandler<AppEnv> & { [accessTag]: RouteAccess };

function guard(access: RouteAccess, handler: MiddlewareHandler<AppEnv>): Guard {
  return Object.assign(handler, { [accessTag]: access });
}

const roleRank: Record<Role, number> = { viewer: 1, reviewer: 2, admin: 3 };

const userGuards = new Map<Role, Guard>();

/** Signed-in users with at least `minRole`. */
export function requireUser(minRole: Role = 'viewer'): Guard {
  const existing = userGuards.get(minRole);
  if (existing) return existing;
  const created = guard(minRole, async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    if (principal.type !== 'user') throw forbidden('Agent tokens cannot use this endpoint');
    if (roleRank[principal.user.role] < roleRank[minRole]) {
      throw forbidden(`This needs the ${minRole} role`);
    }
    await next();
  });
  userGuards.set(minRole, created);
  return created;
}

export const requireAgent = guard('agent', async (c, next) => {
  const principal = c.get('principal');
  if (!principal) throw unauthorized('Send an agent token: Authorization: Bearer <token>');
  if (principal.type !== 'agent') throw forbidden('This endpoint is for agents');
  await next();
});

/** Agents (their own source's runs) or signed-in users of any role. */
export const requireUserOrAgent = guard('user-or-agent', async (c, next) => {
  if (!c.get('principal')) throw unauthorized();
  await next();
});

/** Open to anyone: signing in and out. */
export const openToAll = guard('public', async (_c, next) => {
  await next();
});

/** Platform webhooks: the connector verifies each push's signature or credentials in the handler. */
export const signedByPlatform = guard('platform', async (_c, next) => {
  await next();
});

export function currentUser(c: Context<AppEnv>): User {
  const principal = c.get('principal');
  if (principal?.type !== 'user') throw unauthorized();
  return principal.user;
}

export function currentSessionHash(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  if (principal?.type !== 'user') throw unauthorized();
  return principal.sessionHash;
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
