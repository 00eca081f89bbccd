import { connect } from 'node:net';

export type FuzzReply = { status: number; headers: Headers; body: string };

/** A request as the fuzzer builds it: the path is sent as written, the body as bytes. */
export type FuzzRequest = {
  method: string;
  /** Path and query, already encoded (or deliberately mis-encoded). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sent byte for byte over a socket: for what fetch would refuse or normalise away. */
  raw?: boolean;
  /** The whole request as bytes, sent instead of one built from the fields above (implies `raw`). */
  wire?: Buffer;
};

/** Through fetch. An event stream is closed as soon as its headers arrive. */
export async function sendWithFetch(origin: string, request: FuzzRequest): Promise<FuzzReply> {
  const res = await fetch(`${origin}${request.target}`, {
    method: request.method,
    headers: request.headers,
    body: request.body ? new Uint8Array(request.body) : undefined,
    redirect: 'manual',
  });
  if (res.headers.get('Content-Type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, headers: res.headers, body: '' };
  }
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Writes the request line, headers and body as given, and reads one response until the server closes. */
export function sendRaw(
  port: number,
  request: FuzzRequest,
  timeoutMs = 10_000,
): Promise<FuzzReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // An event stream stays open: its status and headers are the answer.
      const head = Buffer.concat(chunks).toString('latin1');
      if (head.includes('\r\n\r\n') && /^content-type:\s*text\/event-stream/im.test(head))
        socket.destroy();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      // A server may answer (413) and hang up before the whole body is written: the answer still counts.
      if (chunks.length) return;
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    if (request.wire) {
      socket.write(request.wire);
      return;
    }
    const head = [
      `${request.method} ${request.target} HTTP/1.1`,
      ...Object.entries({ Host: `127.0.0.1:${port}`, Connection: 'close', ...request.headers }).map(
        ([name, value]) => `${name}: ${value}`,
      ),
    ];
    if (
      request.body &&
      !hasHeader(request.headers, 'content-length') &&
      !isChunked(request.headers)
    ) {
      head.push(`Content-Length: ${request.body.length}`);
    }
    socket.write(
      Buffer.concat([
        Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'),
        request.body ?? Buffer.alloc(0),
      ]),
    );
  });
}

const hasHeader = (headers: Record<string, string>, name: string) =>
  Object.keys(headers).some((key) => key.toLowerCase() === name);
const isChunked = (headers: Record<string, string>) =>
  Object.entries(headers).some(
    ([key, value]) => key.toLowerCase() === 'transfer-encoding' && /chunked/i.test(value),
  );

function parseResponse(bytes: Buffer): FuzzReply {
  const split = bytes.indexOf('\r\n\r\n');
  if (split < 0)
    throw new Error(
      `not an HTTP response: ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`,
    );
  const [statusLine = '', ...lines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`bad status line: ${statusLine}`);
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = bytes.subarray(split + 4);
  if (/chunked/i.test(headers.get('Transfer-Encoding') ?? '')) body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
