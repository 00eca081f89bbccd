import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewerClient, signInCookie } from './reviewer-client';
import { startServerProcess, type ServerProcess } from './server-process';

const adminPassword = 'countersign-crash-admin';
const agentToken = 'countersign-crash-agent-token';
const leaseMs = 3_000;
const rounds = 12;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dataDir = '';
let server: ServerProcess | undefined;
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await server?.kill();
  for (const close of closers) await close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A webhook receiver that answers slowly, so kills land while a send is in flight. */
async function slowReceiver() {
  const deliveries: { id: string; body: string; headers: Record<string, string> }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      deliveries.push({
        id: String(req.headers['webhook-id']),
        body,
        headers: req.headers as Record<string, string>,
      });
      setTimeout(() => res.writeHead(204).end(), 150);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries };
}

describe('crash between an event and its notification', () => {
  it('sends one webhook event per request, none lost and none doubled, though the server is killed with SIGKILL', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-crash-notify-'));
    const receiver = await slowReceiver();
    const start = () => startServerProcess({ dataDir, adminPassword, leaseMs, agentToken });
    server = await start();
    let up: Promise<string> = Promise.resolve(server.url);
    const admin = reviewerClient(() => up, await signInCookie(server.url, 'admin', adminPassword));
    const hook = await admin.send('POST', '/webhooks', {
      url: receiver.url,
      events: ['request.created'],
    });
    expect(hook.status).toBe(201);
    const agent = async (path: string, body: unknown) => {
      for (;;) {
        try {
          const res = await fetch(`${await up}/api/v1${path}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          return (await res.json()) as { id: string };
        } catch {
          await sleep(50);
        }
      }
    };
    async function crash() {
      let reopen!: (url: string) => void;
      up = new Promise((resolve) => (reopen = resolve));
      await server!.kill();
      server = await start();
      reopen(server.url);
    }

    const requestIds: string[] = [];
    for (let n = 0; n < rounds; n += 1) {
      const run = await agent('/runs', { title: `Notified run ${n}` });
      const request = await agent(`/runs/${run.id}/requests`, {
        kind: 'tool',
        tool: 'refund_order',
        input: { orderId: n },
      });
      requestIds.push(request.id);
      // Alternate: killed right after the commit (before any send), or while the send is in flight.
      if (n % 2 === 0) await crash();
      else {
        const before = receiver.deliveries.length;
        const deadline = Date.now() + 5_000;
        while (receiver.deliveries.length === before && Date.now() < deadline) await sleep(10);
        await crash();
      }
    }

    const verifier = new Webhook(hook.body.secret as string);
    const deadline = Date.now() + 60_000;
    const byRequest = () => {
      const ids = new Map<string, Set<string>>();
      for (const delivery of receiver.deliveries) {
        const event = verifier.verify(delivery.body, delivery.headers) as {
          data: { requestId: string };
        };
        const set = ids.get(event.data.requestId) ?? new Set<string>();
        set.add(delivery.id);
        ids.set(event.data.requestId, set);
      }
      return ids;
    };
    while (byRequest().size < rounds && Date.now() < deadline) await sleep(100);
    await sleep(leaseMs + 500);
    const seen = byRequest();
    expect([...seen.keys()].sort()).toEqual([...requestIds].sort());
    // A send cut off by a kill is sent again under the same webhook-id: one event per request.
    for (const ids of seen.values()) expect(ids.size).toBe(1);
    const log = await admin.send('GET', `/webhooks/${hook.body.id as string}/deliveries`);
    expect(log.body.items).toHaveLength(rounds);
    expect(log.body.items.every((j: { status: string }) => j.status === 'sent')).toBe(true);
  });
});
