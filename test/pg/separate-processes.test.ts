import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';
import { verifyChain } from '../../src/server/lib/audit-chain';
import { startM8tesFake, type M8tesFake } from '../fakes/m8tes';

const adminPassword = 'processes-admin-password';
const agentToken = 'processes-agent-token';
const secretsKey = randomBytes(32).toString('base64');
const m8tesKey = 'm8_processes_key';
const m8tesWebhookSecret = 'whsec_processes';

type Server = { url: string; child: ChildProcess; output: () => string };

/** `npm start`'s entry point in a child process, configured only through its environment. */
const children: ChildProcess[] = [];

async function startProcess(databaseUrl: string, dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/index.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      COUNTERSIGN_DATA_DIR: dataDir,
      COUNTERSIGN_ADMIN_PASSWORD: adminPassword,
      COUNTERSIGN_AGENT_TOKEN: agentToken,
      COUNTERSIGN_SECRETS_KEY: secretsKey,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in time:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const found = /running at (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

let databaseUrl: string;
let dataDir: string;
let one: Server;
let two: Server;
let cookie: string;
let m8tes: M8tesFake;

beforeAll(async () => {
  m8tes = await startM8tesFake({ apiKey: m8tesKey, webhookSecret: m8tesWebhookSecret });
  databaseUrl = await createPostgresTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-processes-'));
  // At once, as a deployment starts its processes: migrations and first-start setup must not collide.
  [one, two] = await Promise.all([
    startProcess(databaseUrl, join(dataDir, 'one')),
    startProcess(databaseUrl, join(dataDir, 'two')),
  ]);
  const session = await fetch(`${one.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  expect(session.status).toBe(200);
  cookie = session.headers.get('Set-Cookie')!.split(';')[0]!;
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map(stopProcess));
  await m8tes?.close();
  if (databaseUrl) await dropPostgresTestDatabase(databaseUrl);
  await rm(dataDir, { recursive: true, force: true });
});

const post = (url: string, body: unknown, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });

/** A new reviewer, added through process one and signed in on `server`. */
async function reviewerOn(server: Server, username: string) {
  const password = `${username}-password-long`;
  const admin = { Cookie: cookie, 'Content-Type': 'application/json' };
  expect(
    (await post(`${one.url}/api/v1/users`, { username, password, role: 'reviewer' }, admin)).status,
  ).toBe(201);
  const res = await post(
    `${server.url}/api/v1/session`,
    { username, password },
    { 'Content-Type': 'application/json' },
  );
  return {
    Cookie: res.headers.get('Set-Cookie')!.split(';')[0]!,
    'Content-Type': 'application/json',
  };
}

describe('two server processes started with DATABASE_URL', () => {
  it('answer through one process reaches the agent waiting on the other and its stream', async () => {
    const agent = { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' };
    const stream = await fetch(`${two.url}/api/v1/stream`, { headers: { Cookie: cookie } });
    expect(stream.status).toBe(200);
    const run = (await (
      await fetch(`${one.url}/api/v1/runs`, {
        method: 'POST',
        headers: agent,
        body: JSON.stringify({ title: 'Two processes' }),
      })
    ).json()) as { id: string };
    const request = (await (
      await fetch(`${one.url}/api/v1/runs/${run.id}/requests`, {
        method: 'POST',
        headers: agent,
        body: JSON.stringify({ kind: 'tool', tool: 'refund_order', input: { amount: 5 } }),
      })
    ).json()) as { id: string };

    const waiting = fetch(`${two.url}/api/v1/requests/${request.id}?wait=20`, {
      headers: agent,
    }).then((res) => res.json() as Promise<{ status: string; response: unknown }>);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answered = await fetch(`${one.url}/api/v1/requests/${request.id}/response`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', note: 'ok' }),
    });
    expect(answered.status).toBe(200);
    expect(await waiting).toMatchObject({
      status: 'answered',
      response: { decision: 'approve', note: 'ok' },
    });

    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes(`"requestId":"${request.id}"`) || !text.includes('request.answered')) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`stream so far:\n${text}`)), deadline - Date.now()),
        ),
      ]);
      if (chunk.done) throw new Error(`stream ended:\n${text}`);
      text += decoder.decode(chunk.value, { stream: true });
    }
    expect(text).toMatch(/event: request\.answered\ndata: [^\n]*"requestId":"req_/);
    await reader.cancel();
  });

  it('opens platform secrets stored through one process in the other, with a shared secrets key', async () => {
    const created = await fetch(`${one.url}/api/v1/sources`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'm8tes',
        name: 'm8tes',
        baseUrl: m8tes.baseUrl,
        secrets: { apiKey: m8tesKey, webhookSecret: m8tesWebhookSecret },
      }),
    });
    expect(created.status).toBe(201);
    const sourceId = ((await created.json()) as { id: string }).id;
    const runId = m8tes.createRun({ name: 'Signed for process one, sent to two' });
    m8tes.openGate(runId, { tool_name: 'send_email', tool_input: {}, can_remember: true });

    const hook = await m8tes.sendWebhook(
      `${two.url}/api/v1/hooks/${sourceId}`,
      'run.awaiting_input',
      runId,
    );
    expect(hook.status).toBe(200);
    const runs = await fetch(`${one.url}/api/v1/runs?source=${sourceId}`, {
      headers: { Cookie: cookie },
    });
    const list = (await runs.json()) as { items: { title: string; status: string }[] };
    expect(list.items).toMatchObject([
      { title: 'Signed for process one, sent to two', status: 'waiting' },
    ]);
  });

  it('keeps one intact audit chain while both processes write entries at once', async () => {
    const headers = { Cookie: cookie, 'Content-Type': 'application/json' };
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${(i % 2 ? one : two).url}/api/v1/rules`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ customer: null, tool: `chained_${i}` }),
        }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(40).fill(201));
    const exported = await fetch(`${two.url}/api/v1/audit/export?format=jsonl`, { headers });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    const report = verifyChain(text);
    expect(report).toMatchObject({ intact: true });
    const created = text.split('\n').filter((line) => line.includes('"action":"rule.created"'));
    expect(created).toHaveLength(40);
  });

  it('counts two approvers approving at once through different processes, each exactly once', async () => {
    const headers = { Cookie: cookie, 'Content-Type': 'application/json' };
    const agent = { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' };
    const post = (url: string, body: unknown, h: Record<string, string> = headers) =>
      fetch(url, { method: 'POST', headers: h, body: JSON.stringify(body) });
    const signInAs = async (username: string) => {
      const password = `${username}-password-long`;
      expect(
        (await post(`${one.url}/api/v1/users`, { username, password, role: 'reviewer' })).status,
      ).toBe(201);
      const res = await post(
        `${two.url}/api/v1/session`,
        { username, password },
        { 'Content-Type': 'application/json' },
      );
      return {
        Cookie: res.headers.get('Set-Cookie')!.split(';')[0]!,
        'Content-Type': 'application/json',
      };
    };
    const [alice, bob] = await Promise.all([signInAs('alice'), signInAs('bob')]);
    const rule = await post(`${one.url}/api/v1/rules`, {
      customer: null,
      tool: 'wire_money',
      effect: 'countersign',
      approvals: 2,
    });
    expect(rule.status).toBe(201);
    for (let round = 0; round < 5; round += 1) {
      const run = (await (
        await post(`${one.url}/api/v1/runs`, { title: 'Wire' }, agent)
      ).json()) as {
        id: string;
      };
      const request = (await (
        await post(
          `${two.url}/api/v1/runs/${run.id}/requests`,
          { kind: 'tool', tool: 'wire_money', input: { amount: 5000 } },
          agent,
        )
      ).json()) as { id: string; status: string };
      expect(request.status).toBe('pending');
      const replies = await Promise.all([
        post(`${one.url}/api/v1/requests/${request.id}/response`, { decision: 'approve' }, alice),
        post(`${two.url}/api/v1/requests/${request.id}/response`, { decision: 'approve' }, bob),
      ]);
      expect(replies.map((r) => r.status)).toEqual([200, 200]);
      const final = (await (
        await fetch(`${one.url}/api/v1/requests/${request.id}`, { headers: agent })
      ).json()) as { status: string; response: { approvals: { by: string }[] } };
      expect(final.status).toBe('answered');
      expect(final.response.approvals.map((a) => a.by).sort()).toEqual(['alice', 'bob']);
    }
  });

  it('lets one of two reviewers claiming at once through different processes win, the other told who', async () => {
    const agent = { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' };
    const [carol, dave] = await Promise.all([reviewerOn(two, 'carol'), reviewerOn(one, 'dave')]);
    for (let round = 0; round < 5; round += 1) {
      const run = (await (
        await post(`${one.url}/api/v1/runs`, { title: 'Claim' }, agent)
      ).json()) as {
        id: string;
      };
      const request = (await (
        await post(
          `${two.url}/api/v1/runs/${run.id}/requests`,
          { kind: 'tool', tool: 'refund_order', input: { amount: 5 } },
          agent,
        )
      ).json()) as { id: string };
      const replies = await Promise.all([
        post(`${one.url}/api/v1/requests/${request.id}/claim`, {}, carol),
        post(`${two.url}/api/v1/requests/${request.id}/claim`, {}, dave),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = replies[0]!.status === 200 ? 'carol' : 'dave';
      const loser = (await replies.find((r) => r.status === 409)!.json()) as {
        error: { message: string };
      };
      expect(loser.error.message).toContain(winner);
      const stored = (await (
        await fetch(`${one.url}/api/v1/runs/${run.id}`, { headers: { Cookie: cookie } })
      ).json()) as {
        requests: { assignment?: { assignee: { username: string } | null } }[];
      };
      expect(stored.requests[0]!.assignment?.assignee?.username).toBe(winner);
    }
  });

  it("escalates an overdue request once while both processes' sweepers run", async () => {
    const headers = { Cookie: cookie, 'Content-Type': 'application/json' };
    const agent = { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' };
    const group = async (name: string) =>
      (
        (await (
          await post(`${one.url}/api/v1/groups`, { name, memberIds: [] }, headers)
        ).json()) as {
          id: string;
        }
      ).id;
    const [support, qa] = await Promise.all([group('Support'), group('QA')]);
    const routes = await fetch(`${two.url}/api/v1/routes`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        routes: [
          {
            tool: 'slow_call',
            groupId: support,
            onExpiry: 'escalate',
            escalateToGroupId: qa,
            escalateExpiresAfterMinutes: 60,
          },
        ],
        defaultGroupId: null,
      }),
    });
    expect(routes.status).toBe(200);
    const ids: string[] = [];
    const runs: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const run = (await (
        await post(`${one.url}/api/v1/runs`, { title: 'Slow' }, agent)
      ).json()) as {
        id: string;
      };
      const request = (await (
        await post(
          `${two.url}/api/v1/runs/${run.id}/requests`,
          {
            kind: 'tool',
            tool: 'slow_call',
            input: { i },
            expiresAt: new Date(Date.now() + 1500).toISOString(),
          },
          agent,
        )
      ).json()) as { id: string };
      ids.push(request.id);
      runs.push(run.id);
    }
    type Stored = { status: string; assignment?: { groupId: string }; escalations?: number };
    const read = async (runId: string) =>
      (
        (await (
          await fetch(`${one.url}/api/v1/runs/${runId}`, { headers: { Cookie: cookie } })
        ).json()) as { requests: Stored[] }
      ).requests[0]!;
    expect((await Promise.all(runs.map(read))).map((r) => r.assignment?.groupId)).toEqual(
      runs.map(() => support),
    );
    await expect
      .poll(async () => (await Promise.all(runs.map(read))).map((r) => r.assignment?.groupId), {
        timeout: 15_000,
      })
      .toEqual(ids.map(() => qa));
    // Several more passes of both sweepers: nothing escalates twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const request of await Promise.all(runs.map(read))) {
      expect(request).toMatchObject({
        status: 'pending',
        assignment: { groupId: qa },
        escalations: 1,
      });
    }
    const audit = (await (
      await fetch(`${two.url}/api/v1/audit?action=request.escalated&limit=100`, { headers })
    ).json()) as { items: { targetId: string }[] };
    expect(audit.items.map((e) => e.targetId).sort()).toEqual([...ids].sort());
  });
});
