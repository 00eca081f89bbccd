import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callPlatform, maxReplyBytes, PlatformUnreachable } from './http';

const chunk = Buffer.alloc(64 * 1024, 'a');
let server: Server;
let base: string;
let bytesSent = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (req.url === '/small') {
      res.end(JSON.stringify({ ok: 'x'.repeat(maxReplyBytes - 100) }));
      return;
    }
    // An endless reply: it stops only when the reader hangs up.
    const more = () => {
      while (!res.destroyed && res.write(chunk)) bytesSent += chunk.length;
      if (!res.destroyed) res.once('drain', more);
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('callPlatform', () => {
  it('reads a reply up to the cap whole', async () => {
    const reply = await callPlatform(fetch, `${base}/small`, { method: 'GET' });
    expect(reply.status).toBe(200);
    expect((reply.body as { ok: string }).ok).toHaveLength(maxReplyBytes - 100);
  });

  it('gives up on a reply larger than the cap as an unreachable platform, without reading the rest', async () => {
    const call = callPlatform(fetch, `${base}/endless`, { method: 'GET' });
    await expect(call).rejects.toBeInstanceOf(PlatformUnreachable);
    await expect(call).rejects.toThrow(/larger than 5 MiB/);
    // The sender is held back once the reader hangs up: far less than it would send unbounded.
    expect(bytesSent).toBeLessThan(maxReplyBytes * 4);
  });
});
