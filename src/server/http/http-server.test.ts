import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type StartOptions } from '../start';
import { toolRequest } from '../testing/test-app';

const agentToken = 'http-test-agent-token';

async function start(http: StartOptions['http']): Promise<{ server: RunningServer; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'countersign-http-'));
  const server = await startServer({
    port: 0,
    dataDir: dir,
    databaseUrl: undefined,
    adminPassword: 'http-admin-password',
    agentToken,
    webDir: join(dir, 'no-web'),
    quiet: true,
    http,
  });
  return { server, dir };
}

type Exchange = { bytes: Buffer; closedAfterMs: number };

/** Opens a socket, writes `chunks` (`delayMs` apart), and reads until the server closes it. */
function exchange(port: number, chunks: (string | Buffer)[], delayMs = 0): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open for 10 s'));
    }, 10_000);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(timer);
      resolve({ bytes: Buffer.concat(received), closedAfterMs: performance.now() - started });
    });
    const queue = [...chunks];
    const writeNext = () => {
      const next = queue.shift();
      if (next !== undefined && !socket.destroyed) socket.write(next);
    };
    socket.on('connect', () => {
      writeNext();
      if (delayMs) timer = setInterval(writeNext, delayMs);
      else while (queue.length) writeNext();
    });
  });
}

function parse(bytes: Buffer) {
  const text = bytes.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  expect(split, `an HTTP response, got ${JSON.stringify(text.slice(0, 100))}`).toBeGreaterThan(0);
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers = new Map(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: JSON.parse(text.slice(split + 4)) as unknown,
  };
}

const request = (head: string, body = '') => `${head}\r\n\r\n${body}`;

describe('the HTTP server', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    ({ server, dir } = await start({
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      keepAliveTimeoutMs: 200,
      maxConnectionsPerAddress: 2,
    }));
  }, 30_000);
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers requests Node or the adapter refuse with the error shape, and closes the connection', async () => {
    const host = 'Host: 127.0.0.1';
    const cases: [string, string | Buffer, number, string][] = [
      [
        '100 KB header',
        request(`GET /api/v1/me HTTP/1.1\r\n${host}\r\nX-Padding: ${'p'.repeat(100_000)}`),
        431,
        'headers_too_large',
      ],
      [
        'NUL in a header',
        request(`GET /api/v1/me HTTP/1.1\r\n${host}\r\nX-Note: a\u0000b`),
        400,
        'bad_request',
      ],
      [
        'Content-Length and Transfer-Encoding',
        request(
          `POST /api/v1/runs HTTP/1.1\r\n${host}\r\nContent-Length: 2\r\nTransfer-Encoding: chunked`,
          '{}',
        ),
        400,
        'bad_request',
      ],
      ['unknown method', request(`BREW /api/v1/me HTTP/1.1\r\n${host}`), 400, 'bad_request'],
      ['bad version', request(`GET /api/v1/me HTTP/9.9\r\n${host}`), 400, 'bad_request'],
      ['LF in the path', request(`GET /api/v1/a\nb HTTP/1.1\r\n${host}`), 400, 'bad_request'],
      ['ESC in the path', request(`GET /api/v1/a\u001bb HTTP/1.1\r\n${host}`), 400, 'bad_request'],
      [
        'bare CR in a header',
        request(`GET / HTTP/1.1\r\n${host}\r\nX-A: a\rb`),
        400,
        'bad_request',
      ],
      ['no Host', request('GET /api/v1/me HTTP/1.1'), 400, 'bad_request'],
      ['invalid Host', request('GET /api/v1/me HTTP/1.1\r\nHost: a b'), 400, 'bad_request'],
      [
        'backslash in the path',
        request(`GET /api/v1/a\\b HTTP/1.1\r\n${host}`),
        400,
        'bad_request',
      ],
      ['not HTTP at all', 'hello\r\n\r\n', 400, 'bad_request'],
      ['CONNECT', request(`CONNECT 127.0.0.1:22 HTTP/1.1\r\n${host}`), 400, 'bad_request'],
    ];
    for (const [label, bytes, status, code] of cases) {
      const reply = parse((await exchange(server.port, [bytes])).bytes);
      expect(reply.status, label).toBe(status);
      expect(reply.headers.get('content-type'), label).toMatch(/^application\/json/);
      expect(reply.headers.get('connection'), label).toBe('close');
      expect(reply.body, label).toEqual({ error: { code, message: expect.any(String) } });
    }
  });

  it('drops a connection that sends its headers too slowly, or nothing, with a 408', async () => {
    const lines = [
      'GET /api/v1/me HTTP/1.1\r\n',
      ...Array.from({ length: 100 }, () => 'X-A: b\r\n'),
    ];
    const slow = await exchange(server.port, lines, 50);
    expect(slow.closedAfterMs).toBeLessThan(1_500);
    expect(parse(slow.bytes)).toMatchObject({
      status: 408,
      body: { error: { code: 'request_timeout' } },
    });

    const silent = await exchange(server.port, []);
    expect(silent.closedAfterMs).toBeLessThan(1_500);
    expect(parse(silent.bytes).status).toBe(408);
  });

  it('drops a connection that sends its body too slowly', async () => {
    const head = `POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${agentToken}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const slow = await exchange(server.port, [head, ...'{"title":"slow'.split('')], 100);
    expect(slow.closedAfterMs).toBeLessThan(2_000);
    expect(parse(slow.bytes)).toMatchObject({
      status: 408,
      body: { error: { code: 'request_timeout' } },
    });
  });

  it('keeps long polls and event streams open beyond the request timeout', async () => {
    const headers = { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' };
    const run = (await (
      await fetch(`${server.url}/api/v1/runs`, {
        method: 'POST',
        headers,
        body: '{"title":"Long"}',
      })
    ).json()) as { id: string };
    const created = (await (
      await fetch(`${server.url}/api/v1/runs/${run.id}/requests`, {
        method: 'POST',
        headers,
        body: JSON.stringify(toolRequest()),
      })
    ).json()) as { id: string };
    const started = performance.now();
    const waited = await fetch(`${server.url}/api/v1/requests/${created.id}?wait=2`, { headers });
    expect(waited.status).toBe(200);
    expect(((await waited.json()) as { status: string }).status).toBe('pending');
    expect(performance.now() - started).toBeGreaterThan(1_900);

    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ username: 'admin', password: 'http-admin-password' }),
    });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const stream = await fetch(`${server.url}/api/v1/stream`, { headers: { Cookie: cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = (await (
      await fetch(`${server.url}/api/v1/runs/${run.id}/requests`, {
        method: 'POST',
        headers,
        body: JSON.stringify(toolRequest()),
      })
    ).json()) as { id: string };
    let text = '';
    while (!text.includes(later.id)) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
  }, 15_000);

  it('does not cap loopback connections unless told to', async () => {
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        exchange(server.port, [
          request('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close'),
        ]),
      ),
    );
    for (const reply of replies) expect(parse(reply.bytes).status).toBe(401);
  });
});

describe('the per-address connection cap', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    ({ server, dir } = await start({ maxConnectionsPerAddress: 4, capLoopback: true }));
  }, 30_000);
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const open = () =>
    new Promise<Socket>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => {});
    });
  const meRequest = request('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close');

  it('closes connections beyond the cap at once, and takes new ones when others close', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, open));
    // The server counts a socket when it accepts it, a moment after the client sees it connected.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await exchange(server.port, [meRequest]);
    expect(refused.bytes.length).toBe(0);
    expect(refused.closedAfterMs).toBeLessThan(1_000);

    held[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const accepted = await exchange(server.port, [meRequest]);
    expect(parse(accepted.bytes).status).toBe(401);
    for (const socket of held) socket.destroy();
  });
});
