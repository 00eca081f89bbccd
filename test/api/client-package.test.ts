import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealServer, type RealServer } from '../../src/server/testing/real-server';
import type { RunDetail } from '../../src/shared/runs';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const agentToken = 'cs_package_test_token';
const adminPassword = 'package-test-password';

const consumerScript = `
import { createAgentClient } from '@countersign/client';
const cs = createAgentClient({ baseUrl: process.env.CS_URL, token: process.env.CS_TOKEN });
const run = await cs.createRun({ title: 'From the packed client' });
const answer = await cs.askAndWait(run.id, { kind: 'tool', tool: 'ship_order', input: { order: 7 } });
console.log(JSON.stringify({ status: answer.status, response: answer.response }));
`;

const consumerTypes = `
import { createAgentClient, type Request, type SettledRequest } from '@countersign/client';
const cs = createAgentClient({ baseUrl: 'http://127.0.0.1:1', token: 't' });
export async function decide(runId: string): Promise<boolean> {
  const answer: SettledRequest<'tool'> = await cs.askAndWait(runId, {
    kind: 'tool',
    tool: 'ship_order',
    input: { order: 7 },
  });
  const seen: Request['status'] = answer.status;
  return seen === 'answered' && answer.response?.decision === 'approve';
}
`;

const consumerMcp = `
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createAgentClient } from '@countersign/client';
import { createElicitationHandler } from '@countersign/client/mcp';
const cs = createAgentClient({ baseUrl: 'http://127.0.0.1:1', token: 't' });
const client = new Client({ name: 'agent', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
client.setRequestHandler(ElicitRequestSchema, createElicitationHandler({ client: cs, runId: 'run_1' }));
`;

/**
 * The client as a user installs it: built, packed with npm, unpacked into a project of its own, run
 * against a real server and type-checked there.
 */
describe('the installable client package', () => {
  let dir: string;
  let server: RealServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'countersign-package-'));
    server = await startRealServer({ agentToken, adminPassword });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds, packs, installs, runs an agent against the server and type-checks', async () => {
    await run('npm', ['run', 'build:client'], { cwd: root });
    await run('npm', ['pack', './client', '--pack-destination', dir], { cwd: root });
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^countersign-client-.*\.tgz$/);
    const { stdout: listing } = await run('tar', ['-tzf', join(dir, tarball!)]);
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/types/client.d.ts');
    expect(listing).toContain('package/dist/mcp.js');
    expect(listing).not.toMatch(/\.test\.|src\/server|favicon/);

    const project = join(dir, 'agent');
    const modules = join(project, 'node_modules');
    await mkdir(join(modules, '@countersign'), { recursive: true });
    await run('tar', ['-xzf', join(dir, tarball!), '-C', project]);
    await rename(join(project, 'package'), join(modules, '@countersign', 'client'));
    // zod comes from the registry for a user; here, from this checkout's install.
    await symlink(join(root, 'node_modules', 'zod'), join(modules, 'zod'), 'dir');
    // An agent using the MCP bridge has the MCP SDK; one that does not never needs it.
    await mkdir(join(modules, '@modelcontextprotocol'));
    await symlink(
      join(root, 'node_modules', '@modelcontextprotocol', 'sdk'),
      join(modules, '@modelcontextprotocol', 'sdk'),
      'dir',
    );
    await writeFile(join(project, 'package.json'), '{ "type": "module" }');
    await writeFile(join(project, 'agent.mjs'), consumerScript);
    await writeFile(join(project, 'agent-types.ts'), consumerTypes);
    await writeFile(join(project, 'agent-mcp.ts'), consumerMcp);
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['agent-types.ts', 'agent-mcp.ts'],
      }),
    );

    const agent = run('node', ['agent.mjs'], {
      cwd: project,
      env: { ...process.env, CS_URL: server.url, CS_TOKEN: agentToken },
    });
    const admin = server.admin;
    let pending: RunDetail['requests'][number] | undefined;
    for (let i = 0; i < 400 && !pending; i += 1) {
      const page = await admin.json<{ items: { id: string }[] }>('GET', '/runs?status=waiting');
      for (const { id } of page.items) {
        const detail = await admin.json<RunDetail>('GET', `/runs/${id}`);
        pending ??= detail.requests.find((r) => r.status === 'pending');
      }
      if (!pending) await new Promise((r) => setTimeout(r, 25));
    }
    expect(pending).toMatchObject({ tool: 'ship_order', input: { order: 7 } });
    await admin.json('POST', `/requests/${pending!.id}/response`, { decision: 'approve' });
    const { stdout } = await agent;
    expect(JSON.parse(stdout)).toEqual({ status: 'answered', response: { decision: 'approve' } });

    await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', project]);
  }, 120_000);
});
