import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hitlInterrupt, startLangGraphFake, type LangGraphFake } from '../fakes/langgraph';
import { reviewerClient, signInCookie } from './reviewer-client';
import { startServerProcess, type ServerProcess } from './server-process';
import { startSlowLink } from './slow-link';

const adminPassword = 'group-crash-admin';
const leaseMs = 3_000;
const rounds = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

let dataDir = '';
let fake: LangGraphFake | undefined;
let link: Awaited<ReturnType<typeof startSlowLink>> | undefined;
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  await link?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('crash around the one reply of a group', () => {
  it('resumes each LangGraph interrupt exactly once though the server is killed with SIGKILL between and after its answers', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-crash-group-'));
    fake = await startLangGraphFake();
    const lg = fake;
    // The resume reaches LangGraph, but its reply is held back: a kill then leaves it in doubt.
    link = await startSlowLink(
      lg.url,
      (method, path) => method === 'POST' && /^\/threads\/[^/]+\/runs$/.test(path),
    );
    const start = () => startServerProcess({ dataDir, adminPassword, leaseMs });
    server = await start();
    let up: Promise<string> = Promise.resolve(server.url);
    const admin = reviewerClient(() => up, await signInCookie(server.url, 'admin', adminPassword));
    const source = await admin.send('POST', '/sources', {
      kind: 'langgraph',
      name: 'LangGraph',
      baseUrl: link.url,
    });
    expect(source.status).toBe(201);
    const sourceId = source.body.id as string;

    let kills = 0;
    async function crash() {
      let reopen!: (url: string) => void;
      up = new Promise((resolve) => (reopen = resolve));
      kills += 1;
      await server!.kill();
      server = await start();
      reopen(server.url);
    }

    const threads: { threadId: string; requestIds: string[] }[] = [];
    for (let n = 0; n < rounds; n += 1) {
      const threadId = lg.interruptThread(
        hitlInterrupt([
          { name: 'send_email', args: { n } },
          { name: 'delete_file', args: { n } },
        ]),
      );
      const requests = await until(async () => {
        const runs = await admin.send('GET', `/runs?source=${sourceId}&status=waiting&limit=100`);
        const summary = runs.body?.items?.find(
          (r: { externalId: string }) => r.externalId === threadId,
        );
        if (!summary) return undefined;
        const detail = await admin.send('GET', `/runs/${summary.id as string}`);
        return detail.body.requests.length === 2
          ? (detail.body.requests as { id: string }[])
          : undefined;
      }, `the interrupt of round ${n}`);
      const answer = (id: string, body: unknown) =>
        admin.send('POST', `/requests/${id}/response`, body, { 'Idempotency-Key': `g-${id}` });
      expect((await answer(requests[1]!.id, { decision: 'deny', note: `no ${n}` })).status).toBe(
        200,
      );
      // Every third round the server also dies between the two answers: the first must wait on.
      if (n % 3 === 2) await crash();
      expect((await answer(requests[0]!.id, { decision: 'approve' })).status).toBe(200);
      threads.push({ threadId, requestIds: requests.map((r) => r.id) });
      await sleep(n % 2 ? Math.random() * 150 : 0);
      await crash();
    }

    const settled = await until(async () => {
      const states = await Promise.all(
        threads.flatMap((t) =>
          t.requestIds.map(async (id) => (await admin.send('GET', `/requests/${id}`)).body),
        ),
      );
      return states.every((s) => s.delivery.status !== 'pending') ? states : undefined;
    }, 'every delivery to settle');

    const resumes = threads.map((t) => lg.resumes(t.threadId));
    console.info(
      `group crash test: ${threads.length} groups of two answered, ${kills} SIGKILL crashes; resumes per group: ${resumes.map((r) => r.length).join(',')}`,
    );
    expect(settled.map((s) => s.delivery.status)).toEqual(settled.map(() => 'delivered'));
    expect(resumes.map((r) => r.length)).toEqual(threads.map(() => 1));
    expect(
      resumes.map(
        (r) =>
          (r[0]!.body as { command: { resume: { decisions: unknown[] } } }).command.resume
            .decisions,
      ),
    ).toEqual(
      threads.map((_t, n) => [{ type: 'approve' }, { type: 'reject', message: `no ${n}` }]),
    );
  }, 200_000);
});
