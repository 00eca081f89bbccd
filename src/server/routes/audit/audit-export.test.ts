import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditExportLineSchema } from '../../../shared/audit';
import { verifyChain } from '../../lib/audit-chain';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.asAdmin();
});
afterEach(() => t.close());

async function exported(): Promise<string> {
  const res = await t.call('GET', '/audit/export?format=jsonl', { cookie: admin });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^application\/x-ndjson/);
  return typeof res.body === 'string' ? res.body : `${JSON.stringify(res.body)}\n`;
}

describe('the audit chain', () => {
  it('exports every entry oldest first, each hashed onto the one before', async () => {
    const run = await t.createRun({ customer: 'cust_1' });
    const request = await t.createRequest(run.id, toolRequest());
    await t.call('POST', `/requests/${request.id}/response`, {
      cookie: admin,
      body: { decision: 'approve', remember: true },
    });
    await t.call('POST', '/session', { body: { username: 'admin', password: 'wrong' } });
    const text = await exported();
    const lines = text
      .trim()
      .split('\n')
      .map((line) => auditExportLineSchema.parse(JSON.parse(line)));
    expect(lines.map((l) => l.action)).toEqual([
      'session.signed_in',
      'rule.created',
      'request.answered',
      'session.sign_in_failed',
    ]);
    expect(lines[0]!.prevHash).toBe('0'.repeat(64));
    expect(lines[1]!.prevHash).toBe(lines[0]!.hash);
    expect(verifyChain(text)).toEqual({ intact: true, entries: 4, lastHash: lines[3]!.hash });
    const head = await t.db.selectFrom('audit_chain_head').select('hash').executeTakeFirstOrThrow();
    expect(head.hash).toBe(lines[3]!.hash);
  });

  it('stays one chain when many changes write entries at once', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.call('POST', '/rules', { cookie: admin, body: { customer: null, tool: `tool_${i}` } }),
      ),
    );
    const report = verifyChain(await exported());
    expect(report).toMatchObject({ intact: true, entries: 31 });
  });

  it('notices a row changed behind the application’s back', async () => {
    await t.call('POST', '/rules', { cookie: admin, body: { customer: null, tool: 'deploy' } });
    await t.db
      .insertInto('audit_log')
      .values({
        created_at: new Date().toISOString(),
        action: 'rule.deleted',
        actor: 'mallory',
        summary: 'slipped in',
        prev_hash: '1'.repeat(64),
        hash: '2'.repeat(64),
        actor_id: null,
        target_type: null,
        target_id: null,
        run_id: null,
        data: null,
        ip: null,
        user_agent: null,
      })
      .execute();
    await t.call('POST', '/rules', { cookie: admin, body: { customer: null, tool: 'later' } });
    expect(verifyChain(await exported())).toMatchObject({ intact: false, problem: 'inserted' });
    await expect(sql`UPDATE audit_log SET summary = 'x'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('exports only as jsonl, and only to admins', async () => {
    const csv = await t.call('GET', '/audit/export?format=csv', { cookie: admin });
    expect(csv.status).toBe(400);
    expect(csv.body.error.details).toHaveProperty('format');
    const reviewer = await t.userWithRole('reviewer');
    expect((await t.call('GET', '/audit/export', { cookie: reviewer.cookie })).status).toBe(403);
  });
});
