import { listedApiRoutes } from '../app';
import { accessTag, type RouteAccess } from '../auth/guards';

/** The callers a test can play: nobody, an agent token, each role, and a platform signing webhooks. */
export type Identity = 'anonymous' | 'agent' | 'viewer' | 'reviewer' | 'admin' | 'platform';

export type RouteEntry = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The full path with Hono's `:param` placeholders, e.g. `/api/v1/runs/:id`. */
  path: string;
  /** The guard on the route. */
  access: RouteAccess;
  /** Who gets past the guard; everyone else gets 401 (no or bad credentials) or 403. */
  allowed: Identity[];
  /** Not GET: a signed-in browser's call must pass the Origin / Sec-Fetch-Site check. */
  stateChanging: boolean;
  /** Whether the CSRF check applies: every route except platform webhooks, which carry no cookie. */
  csrfChecked: boolean;
};

const allowedBy: Record<RouteAccess, Identity[]> = {
  public: ['anonymous', 'agent', 'viewer', 'reviewer', 'admin'],
  platform: ['platform'],
  agent: ['agent'],
  'user-or-agent': ['agent', 'viewer', 'reviewer', 'admin'],
  viewer: ['viewer', 'reviewer', 'admin'],
  reviewer: ['reviewer', 'admin'],
  admin: ['admin'],
};

const methods = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A route as the router holds it, before its guard is known to be there. */
export type RawRoute = {
  method: string;
  path: string;
  access: RouteAccess | null;
  /** Whether the guard runs before anything else of the route (body parsing included). */
  guardFirst: boolean;
};

/** Every API route from the router itself, with the access of the guard each carries (null: none). */
export function readRoutes(): RawRoute[] {
  const found = new Map<string, RawRoute>();
  for (const route of listedApiRoutes()) {
    if (!methods.has(route.method)) continue;
    const key = `${route.method} ${route.path}`;
    const tag = (route.handler as { [accessTag]?: RouteAccess })[accessTag];
    const entry = found.get(key);
    if (!entry) {
      found.set(key, {
        method: route.method,
        path: route.path,
        access: tag ?? null,
        guardFirst: !!tag,
      });
    } else if (tag && !entry.access) {
      entry.access = tag;
    }
  }
  return [...found.values()];
}

/**
 * Every API route (under /api/v1 and /humanlayer/v1) with who may call it, read from the router and its guards, so a route
 * added anywhere shows up here. A route without a guard makes this throw (and its test fail).
 */
export function routeTable(): RouteEntry[] {
  return readRoutes().map(({ method, path, access }) => {
    if (!access)
      throw new Error(`${method} ${path} has no guard: add requireUser, requireAgent, …`);
    return {
      method: method as RouteEntry['method'],
      path,
      access,
      allowed: allowedBy[access],
      stateChanging: method !== 'GET',
      csrfChecked: access !== 'platform',
    };
  });
}
