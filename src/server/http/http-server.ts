import { createServer, type Server } from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { Socket } from 'node:net';
import { answerClientError, errorResponseBytes } from './client-errors';
import { capConnectionsPerAddress } from './connection-cap';

export type HttpLimits = {
  /** Time to receive a request's headers, from the connection's start or the request's first byte. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. Answers (streams, long polls) are not limited. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Open connections one address may hold; 0 for no cap. */
  maxConnectionsPerAddress: number;
  /** Whether loopback addresses are capped too; off by default (see startServer). */
  capLoopback: boolean;
};

export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 15_000,
  // A 1 MiB body at 256 kbit/s takes some 33 s.
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerAddress: 256,
  capLoopback: false,
};

const json = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/**
 * The Node HTTP server for the app: what Node and the adapter refuse before the app runs is answered
 * in the error shape too, slow senders are cut off, and each address holds a bounded number of
 * connections.
 */
export function createHttpServer(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  hostname: string,
  limits: HttpLimits,
): Server {
  const listener = getRequestListener(fetch, {
    hostname,
    // Requests the adapter cannot turn into a fetch Request (a Host or target it finds invalid).
    errorHandler: (error) =>
      error instanceof RequestError
        ? new Response(errorBody('bad_request', 'The request target or Host is invalid'), {
            status: 400,
            headers: { ...json, Connection: 'close' },
          })
        : new Response(errorBody('internal', 'Something went wrong on our side'), {
            status: 500,
            headers: json,
          }),
  });
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for expired requests this often (30 s by default, longer than the timeouts themselves).
      connectionsCheckingInterval: Math.max(25, Math.min(1_000, limits.headersTimeoutMs / 4)),
      // Checked below, so the refusal has the error shape.
      requireHostHeader: false,
    },
    (req, res) => {
      if (req.httpVersion === '1.1' && req.headers.host === undefined) {
        const body = errorBody('bad_request', 'An HTTP/1.1 request needs a Host header');
        res.writeHead(400, {
          ...json,
          'Content-Length': Buffer.byteLength(body),
          Connection: 'close',
        });
        res.end(body);
        return;
      }
      void listener(req, res);
    },
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.on('clientError', answerClientError);
  // Without a listener Node drops a CONNECT request's connection without a word.
  server.on('connect', (_req, socket: Socket) => {
    socket.end(errorResponseBytes(400, 'bad_request', 'CONNECT is not supported'));
    setTimeout(() => socket.destroy(), 2_000).unref();
  });
  capConnectionsPerAddress(server, {
    maxPerAddress: limits.maxConnectionsPerAddress,
    capLoopback: limits.capLoopback,
  });
  return server;
}
