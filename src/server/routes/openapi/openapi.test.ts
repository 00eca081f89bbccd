import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeTable } from '../../testing/route-table';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { openApiDocument } from './openapi-document';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

type Document = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security: unknown[]; responses: Record<string, unknown> }>
  >;
};

async function fetchDocument(): Promise<Document> {
  const res = await t.call('GET', '/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  return res.body as Document;
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, served to anyone', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route the app serves, and no other', async () => {
    const document = await fetchDocument();
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = new Set(
      t.app.routes
        .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    expect(documented.sort()).toEqual([...served].sort());
    // Beyond the JSON APIs: the probes, the metrics and the MCP server.
    expect(documented).toEqual(
      expect.arrayContaining(['GET /healthz', 'GET /readyz', 'GET /metrics', 'POST /mcp']),
    );
    // The route table of the API mounts is all in it too.
    for (const route of routeTable()) {
      expect(documented).toContain(
        `${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
      );
    }
  });

  it('leaves out the pages and assets of the app', async () => {
    const withPages = await createTestApp({ webDir: 'src/web' });
    try {
      const res = await withPages.call('GET', '/openapi.json');
      const paths = Object.keys((res.body as Document).paths);
      expect(withPages.app.routes.some((r) => r.path === '/waiting-icon.svg')).toBe(true);
      expect(
        paths.filter((p) => !/^\/(api\/v1|humanlayer\/v1|mcp|healthz|readyz|metrics)/.test(p)),
      ).toEqual([]);
    } finally {
      await withPages.close();
    }
  });

  it('says who may call each route and answers errors in the one error shape', async () => {
    const document = await fetchDocument();
    const answer = document.paths['/api/v1/requests/{id}/response']?.post;
    expect(answer?.security).toEqual([{ session: [] }]);
    expect(Object.keys(answer?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '404', '409', '422']),
    );
    expect(answer?.responses['409']).toEqual({
      description: expect.stringContaining('Already answered'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(document.paths['/api/v1/runs/{id}/requests']?.post?.security).toEqual([
      { agentToken: [] },
    ]);
    expect(document.paths['/api/v1/session']?.post?.security).toEqual([]);
    expect(document.paths['/mcp']?.post?.security).toEqual([{ agentToken: [] }]);
    expect(document.paths['/metrics']?.get?.security).toEqual([{ metricsToken: [] }]);
    expect(Object.keys(document.paths['/metrics']?.get?.responses ?? {})).toContain('401');
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
  });

  it('refuses to describe a route nobody described', () => {
    const routes = [{ method: 'GET', path: '/api/v1/undescribed', handler: () => null }];
    expect(() => openApiDocument(routes, '1')).toThrow(/GET \/api\/v1\/undescribed/);
  });
});
