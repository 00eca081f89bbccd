import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedCall = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: unknown;
  at: number;
  /** The status this fake answered with. */
  replyStatus: number;
};

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export type Route = (call: RecordedCall, params: string[]) => Reply | Promise<Reply>;

/**
 * A real HTTP server on 127.0.0.1 with an ephemeral port: routes by method and path pattern, records every
 * call, and can refuse for a while (503) to simulate an outage.
 */
export async function startFakeServer(routes: [string, RegExp, Route][]) {
  const calls: RecordedCall[] = [];
  let refusing: ((call: RecordedCall) => boolean) | null = null;
  let delayMs = 0;
  const oddReplies: [string, RegExp, Reply][] = [];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown = null;
    try {
      body = rawBody ? JSON.parse(rawBody) : null;
    } catch {
      body = null;
    }
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body,
      at: Date.now(),
      replyStatus: 0,
    };
    calls.push(call);
    let reply: Reply = { status: 404, body: { detail: 'Not Found' } };
    const odd = oddReplies.find(
      ([method, pattern]) => method === call.method && pattern.test(call.path),
    );
    if (refusing?.(call)) {
      reply = { status: 503, body: { detail: 'Service Unavailable' } };
    } else if (odd) {
      reply = odd[2];
    } else {
      for (const [method, pattern, route] of routes) {
        const match = method === call.method ? pattern.exec(call.path) : null;
        if (match) {
          reply = await route(call, match.slice(1).map(decodeURIComponent));
          break;
        }
      }
    }
    call.replyStatus = reply.status;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** Calls matching a method and path, in order. */
    callsTo(method: string, path: string | RegExp) {
      return calls.filter(
        (c) =>
          c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
      );
    },
    /** Answers 503 to calls the predicate picks (every call when given true) until `refuse(null)`. */
    refuse(which: boolean | ((call: RecordedCall) => boolean) | null) {
      refusing = which === true ? () => true : which === false ? null : which;
    },
    /**
     * Answers calls to a path with `body` (a 200 its API does not document, or the given status), until
     * `answerOddly(null)`.
     */
    answerOddly(method: string | null, path?: RegExp, body?: unknown, status = 200) {
      if (method === null || !path) oddReplies.length = 0;
      else oddReplies.push([method, path, { status, body }]);
    },
    /** Answers every call only after `ms` (0 to stop). */
    slow(ms: number) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeServer = Awaited<ReturnType<typeof startFakeServer>>;

export async function postWebhook(url: string, rawBody: string, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: rawBody,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}
