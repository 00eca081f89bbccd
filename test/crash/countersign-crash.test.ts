import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startM8tesFake, type M8tesFake } from '../fakes/m8tes';
import { tallyDeliveries, type AckedAnswer, type AnswerCall } from './delivery-ledger';
import { gateFor } from './m8tes-pauses';
import { reviewerClient, signInCookie } from './reviewer-client';
import { startServerProcess, type ServerProcess } from './server-process';
import { startSlowLink } from './slow-link';

const adminPassword = 'countersign-crash-admin';
const approvers = [
  { username: 'rex', password: 'rex-password', role: 'reviewer' },
  { username: 'ria', password: 'ria-password', role: 'reviewer' },
] as const;
const apiKey = 'm8_countersign_crash';
const webhookSecret = 'whsec_countersign_crash';
const leaseMs = 3_000;
const rounds = 12;

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
let fake: M8tesFake | undefined;
let link: Awaited<ReturnType<typeof startSlowLink>> | undefined;
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  await link?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('crash between the last approval of a countersigned call and its delivery', () => {
  it('delivers each call once, after its second approval, though the server is killed with SIGKILL right after it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-crash-cs-'));
    fake = await startM8tesFake({ apiKey, webhookSecret });
    const m8tes = fake;
    link = await startSlowLink(
      m8tes.url,
      (method, path) => method === 'POST' && /\/runs\/\d+\/approve$/.test(path),
    );
    const start = () => startServerProcess({ dataDir, adminPassword, leaseMs });
    server = await start();
    let up: Promise<string> = Promise.resolve(server.url);
    const admin = reviewerClient(() => up, await signInCookie(server.url, 'admin', adminPassword));
    for (const user of approvers)
      expect((await admin.send('POST', '/users', user)).status).toBe(201);
    const source = await admin.send('POST', '/sources', {
      kind: 'm8tes',
      name: 'm8tes, countersigned',
      baseUrl: `${link.url}/api/v2`,
      secrets: { apiKey, webhookSecret },
    });
    expect(source.status).toBe(201);
    const sourceId = source.body.id as string;
    const rule = await admin.send('POST', '/rules', {
      tool: 'Refund an order',
      customer: null,
      effect: 'countersign',
      approvals: 2,
    });
    expect(rule.status).toBe(201);
    const clientFor = async (a: (typeof approvers)[number]) =>
      reviewerClient(() => up, await signInCookie(server!.url, a.username, a.password));
    const rex = await clientFor(approvers[0]);
    const ria = await clientFor(approvers[1]);

    const kills: number[] = [];
    const acked: AckedAnswer[] = [];
    const firstApprovals: { requestId: string; gateId: string; at: number }[] = [];
    async function crash() {
      let reopen!: (url: string) => void;
      up = new Promise((resolve) => (reopen = resolve));
      kills.push(Date.now());
      await server!.kill();
      server = await start();
      reopen(server.url);
    }

    for (let n = 0; n < rounds; n += 1) {
      const runId = m8tes.createRun({ name: `Countersigned refund ${n}` });
      const gateId = m8tes.openGate(runId, gateFor('tool', n)).request_id;
      const request = await until(async () => {
        const runs = await admin.send('GET', `/runs?source=${sourceId}&status=waiting&limit=100`);
        const summary = runs.body?.items?.find(
          (r: { externalId: string }) => r.externalId === String(runId),
        );
        if (!summary) return undefined;
        const detail = await admin.send('GET', `/runs/${summary.id as string}`);
        return detail.body.requests.find((r: { status: string }) => r.status === 'pending');
      }, `the pause of round ${n}`);
      expect(request.countersign).toMatchObject({ required: 2, approvals: [] });
      const approve = (client: typeof rex) =>
        client.send(
          'POST',
          `/requests/${request.id as string}/response`,
          { decision: 'approve' },
          {
            'Idempotency-Key': `cs-${request.id as string}-${client === rex ? 'rex' : 'ria'}`,
          },
        );

      const first = await approve(rex);
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('pending');
      firstApprovals.push({ requestId: request.id, gateId, at: Date.now() });
      // Every third round the server also dies between the two approvals: the first must survive it.
      if (n % 3 === 2) await crash();

      const last = await approve(ria);
      expect(last.status).toBe(200);
      expect(last.body.status).toBe('answered');
      acked.push({
        requestId: request.id,
        gateId,
        ackedAt: Date.now(),
        expectedBody: { request_id: gateId, decision: 'allow', remember: false },
        expectedGateStatus: 'allowed',
      });
      await sleep(n % 2 ? Math.random() * 150 : 0);
      await crash();
    }

    const settled = await until(async () => {
      const states = await Promise.all(
        acked.map(async (a) => (await admin.send('GET', `/requests/${a.requestId}`)).body),
      );
      return states.every((s) => s.delivery.status !== 'pending') ? states : undefined;
    }, 'every delivery to settle');

    const calls: AnswerCall[] = m8tes.answerCalls().map((call) => ({
      gateId: String((call.body as { request_id?: unknown } | null)?.request_id ?? ''),
      at: call.at,
      replyStatus: call.replyStatus,
      body: call.body,
    }));
    const gateStatus = new Map(
      [...m8tes.runs.values()].flatMap((r) => r.gates.map((g) => [g.request_id, g.status])),
    );
    const tally = tallyDeliveries(acked, calls, (id) => gateStatus.get(id), kills);
    const early = firstApprovals.filter((f) => {
      const lastAck = acked.find((a) => a.requestId === f.requestId)!.ackedAt;
      return calls.some((c) => c.gateId === f.gateId && c.at < lastAck - 50);
    });
    console.info(
      `countersign crash test: ${acked.length} calls approved by two people, ${kills.length} SIGKILL crashes; delivered once: ${tally.deliveredOnce}, losses: ${tally.losses.length}, duplicates: ${tally.duplicates.length}, sent before the second approval: ${early.length}`,
    );
    expect(settled.map((s) => s.response.approvals.map((a: { by: string }) => a.by))).toEqual(
      acked.map(() => ['rex', 'ria']),
    );
    expect(tally.losses).toEqual([]);
    expect(tally.duplicates).toEqual([]);
    expect(tally.wrongBodies).toEqual([]);
    expect(tally.deliveredOnce).toBe(rounds);
    expect(early).toEqual([]);
  }, 200_000);
});
