import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { agentSourceId, requireAgent } from '../auth/guards';
import { resolvePrincipal } from '../auth/principal';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../lib/api-error';
import { readJson } from '../lib/validate';
import { createMcpServer } from './mcp-server';
import type { McpWaitSettings } from './wait-with-progress';

const maxBodyBytes = 1024 * 1024;

/**
 * `/mcp`: the MCP server over Streamable HTTP, for agents with an agent token (`Authorization: Bearer`).
 * Stateless: every POST gets a fresh server and transport and no session id, so any of several
 * processes sharing a PostgreSQL database can serve any call, and a long wait lives only as long as
 * its own HTTP response. Bearer-only, so the browser's origin check has nothing to protect here.
 */
export function mcpRoutes(settings: McpWaitSettings) {
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      await next();
      c.res.headers.set('Cache-Control', 'no-store');
    })
    .post(
      '/',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) =>
          c.json(
            { error: { code: 'payload_too_large', message: 'The body is larger than 1 MiB' } },
            413,
          ),
      }),
      resolvePrincipal,
      requireAgent,
      async (c) => {
        // Read here, with the API's own limit on nesting, and handed to the transport parsed.
        const parsedBody = await readJson(c);
        const transport = new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
        });
        const server = createMcpServer(c.get('deps'), agentSourceId(c), settings, c.req.raw.signal);
        await server.connect(transport);
        c.req.raw.signal.addEventListener('abort', () => void server.close(), { once: true });
        return transport.handleRequest(c.req.raw, { parsedBody });
      },
    )
    .all('/', () => {
      // No sessions, so no stream to GET and nothing to DELETE.
      throw new ApiError(405, 'bad_request', 'Send MCP messages with POST', undefined, {
        Allow: 'POST',
      });
    });
}
