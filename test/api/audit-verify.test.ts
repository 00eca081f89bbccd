import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../src/server/testing/test-app';

const run = promisify(execFile);

/** `npm run audit:verify -- FILE`, as an operator runs it. */
async function verify(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npm', ['run', '--silent', 'audit:verify', '--', file]);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

let t: TestApp;
let dir: string;
let lines: string[];

beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(join(tmpdir(), 'countersign-audit-'));
  const admin = await t.asAdmin();
  for (const tool of ['refund_order', 'send_email', 'deploy']) {
    await t.call('POST', '/rules', { cookie: admin, body: { customer: null, tool } });
  }
  const runRow = await t.createRun();
  const request = await t.createRequest(runRow.id, toolRequest({ tool: 'lookup' }));
  await t.call('POST', `/requests/${request.id}/response`, {
    cookie: admin,
    body: { decision: 'deny' },
  });
  const res = await t.call('GET', '/audit/export?format=jsonl', { cookie: admin });
  lines = (res.body as string).trim().split('\n');
}, 60_000);

afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(name: string, content: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${content.join('\n')}\n`);
  return path;
}

const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;

describe('npm run audit:verify', () => {
  it('reports an exported log intact', async () => {
    expect(lines).toHaveLength(5);
    const result = await verify(await fileOf('intact.jsonl', lines));
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^intact: 5 entries, last hash [0-9a-f]{64}\n$/);
  });

  it('names an edited line', async () => {
    const edited = lines.map((line, i) =>
      i === 2 ? line.replace('send_email', 'send_spam') : line,
    );
    expect(edited[2]).not.toBe(lines[2]);
    const result = await verify(await fileOf('edited.jsonl', edited));
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      `changed: ${idOf(lines[2]!)} (line 3) was changed: its hash no longer matches\n`,
    );
  }, 20_000);

  it('names where a line was removed', async () => {
    const removed = lines.filter((_, i) => i !== 1);
    const result = await verify(await fileOf('removed.jsonl', removed));
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      `removed: The chain breaks between ${idOf(lines[0]!)} (line 1) and ${idOf(lines[2]!)} (line 2)`,
    );
  }, 20_000);

  it('names an inserted line', async () => {
    const forged = JSON.stringify({ ...JSON.parse(lines[1]!), id: 'aud_999', actor: 'mallory' });
    const inserted = [...lines.slice(0, 2), forged, ...lines.slice(2)];
    const result = await verify(await fileOf('inserted.jsonl', inserted));
    expect(result.code).toBe(1);
    expect(result.out).toBe('inserted: aud_999 (line 3) was inserted: the next entry skips it\n');
  }, 20_000);

  it('says so when the file cannot be read', async () => {
    const result = await verify(join(dir, 'missing.jsonl'));
    expect(result.code).toBe(2);
    expect(result.out).toContain('Cannot read');
  }, 20_000);
});
