import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-app';
import { readRoutes, routeTable } from './route-table';

describe('route table', () => {
  it('gives every API route exactly one guard, placed before anything else on the route', () => {
    const routes = readRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      expect(route.access, `${route.method} ${route.path}`).not.toBeNull();
      expect(route.guardFirst, `${route.method} ${route.path}`).toBe(true);
    }
  });

  it('lists each route with who may call it', () => {
    const table = routeTable();
    const find = (method: string, path: string) =>
      table.find((r) => r.method === method && r.path === path);
    expect(find('GET', '/api/v1/audit')).toEqual({
      method: 'GET',
      path: '/api/v1/audit',
      access: 'admin',
      allowed: ['admin'],
      stateChanging: false,
      csrfChecked: true,
    });
    expect(find('POST', '/api/v1/requests/:id/response')?.allowed).toEqual(['reviewer', 'admin']);
    expect(find('POST', '/api/v1/runs')?.allowed).toEqual(['agent']);
    expect(find('GET', '/api/v1/runs/:id')?.allowed).toEqual([
      'agent',
      'viewer',
      'reviewer',
      'admin',
    ]);
    expect(find('POST', '/api/v1/session')?.allowed).toContain('anonymous');
    expect(find('POST', '/api/v1/hooks/:sourceId')).toMatchObject({
      allowed: ['platform'],
      csrfChecked: false,
    });
    expect(new Set(table.map((r) => `${r.method} ${r.path}`)).size).toBe(table.length);
  });

  it('matches what the guards do for a caller with no credentials', async () => {
    const t = await createTestApp();
    for (const route of routeTable()) {
      if (route.access === 'public' || route.access === 'platform') continue;
      const path = route.path.replace(/^\/api\/v1/, '').replace(/:[A-Za-z]+/g, 'x_1');
      const res = await t.call(route.method, path, route.stateChanging ? { body: {} } : {});
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
    await t.close();
  });
});
