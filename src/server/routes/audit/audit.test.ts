import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEntrySchema, type AuditEntry } from '../../../shared/audit';
import { listSchema } from '../../../shared/common';
import { adminPassword, createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const auditList = listSchema(auditEntrySchema);

async function audit(query = ''): Promise<AuditEntry[]> {
  const res = await t.call('GET', `/audit${query}`, { cookie: await t.asAdmin() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return auditList.parse(res.body).items;
}

const actions = (entries: AuditEntry[]) => entries.map((e) => e.action);

describe('what the audit log records', () => {
  it('records sign-ins and failed sign-ins with the address and user agent', async () => {
    await t.call('POST', '/session', {
      body: { username: 'admin', password: 'hunter2-guess' },
      ip: '203.0.113.7',
      headers: { 'User-Agent': 'curl/8.0' },
    });
    await t.call('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
      ip: '198.51.100.2',
      headers: { 'User-Agent': 'Mozilla/5.0 test' },
    });
    const entries = await audit('?action=session');
    const failed = entries.find((e) => e.action === 'session.sign_in_failed')!;
    expect(failed).toMatchObject({
      actor: 'admin',
      actorId: null,
      ip: '203.0.113.7',
      userAgent: 'curl/8.0',
      summary: 'Failed sign-in as admin: wrong username or password',
    });
    const signedIn = entries.find((e) => e.ip === '198.51.100.2')!;
    expect(signedIn).toMatchObject({
      action: 'session.signed_in',
      actor: 'admin',
      actorId: expect.stringMatching(/^usr_/),
      userAgent: 'Mozilla/5.0 test',
    });
    expect(JSON.stringify(entries)).not.toContain('hunter2');
  });

  it('records answers, stops and auto-approvals against their run', async () => {
    const run = await t.createRun({ customer: 'cust_1' });
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    const answered = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'deny', note: 'not this time' },
      ip: '192.0.2.44',
    });
    expect(answered.status).toBe(200);
    await t.call('POST', '/rules', {
      cookie: await t.asAdmin(),
      body: { customer: 'cust_1', tool: 'send_email' },
    });
    await t.createRequest(run.id, toolRequest({ tool: 'send_email' }));
    await t.call('POST', `/runs/${run.id}/stop`, { cookie: reviewer.cookie });

    const forRun = await audit(`?runId=${run.id}`);
    expect(actions(forRun)).toEqual(['run.stopped', 'request.auto_approved', 'request.answered']);
    expect(forRun[2]).toMatchObject({
      actor: reviewer.username,
      targetType: 'request',
      targetId: request.id,
      runId: run.id,
      ip: '192.0.2.44',
      summary: `${reviewer.username} denied (tool request ${request.id})`,
      data: { kind: 'tool', decision: 'deny' },
    });
    expect(forRun[1]!.actor).toMatch(/^rule:rule_/);
  });

  it('records one answer once, whatever the retries with the same idempotency key', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const reviewer = await t.userWithRole('reviewer');
    for (let i = 0; i < 3; i += 1) {
      await t.call('POST', `/requests/${request.id}/response`, {
        cookie: reviewer.cookie,
        body: { decision: 'approve' },
        headers: { 'Idempotency-Key': 'same-key' },
      });
    }
    expect(actions(await audit(`?runId=${run.id}`))).toEqual(['request.answered']);
  });

  it('records rule, source, user and token changes without secrets', async () => {
    const admin = await t.asAdmin();
    const rule = await t.call('POST', '/rules', {
      cookie: admin,
      body: { customer: null, tool: 'refund_order' },
    });
    await t.call('DELETE', `/rules/${rule.body.id}`, { cookie: admin });
    const source = await t.call('POST', '/sources', {
      cookie: admin,
      body: { kind: 'm8tes', name: 'm8tes prod', secrets: { apiKey: 'm8_very_secret' } },
    });
    expect(source.status).toBe(201);
    await t.call('PATCH', `/sources/${source.body.id}`, {
      cookie: admin,
      body: { name: 'm8tes', secrets: { apiKey: 'm8_even_more_secret', webhookSecret: null } },
    });
    await t.call('DELETE', `/sources/${source.body.id}`, { cookie: admin });
    const user = await t.userWithRole('viewer');
    await t.call('PATCH', `/users/${user.id}`, {
      cookie: admin,
      body: { role: 'reviewer', password: 'another-password', disabled: true },
    });
    await t.call('DELETE', `/users/${user.id}`, { cookie: admin });
    const token = await t.call('POST', '/agent-tokens', { cookie: admin, body: { name: 'CI' } });
    await t.call('DELETE', `/agent-tokens/${token.body.id}`, { cookie: admin });

    const entries = await audit('?actor=admin');
    expect(actions(entries).filter((a) => !a.startsWith('session.'))).toEqual([
      'token.revoked',
      'token.created',
      'user.deleted',
      'user.disabled',
      'user.password_reset',
      'user.role_changed',
      'user.created',
      'source.deleted',
      'source.updated',
      'source.created',
      'rule.deleted',
      'rule.created',
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toMatch(/m8_very_secret|m8_even_more_secret|another-password|cs_/);
    expect(entries.find((e) => e.action === 'source.updated')).toMatchObject({
      summary: 'admin changed the source "m8tes" (name; new apiKey; removed webhookSecret)',
      data: { name: 'm8tes', secretsReplaced: ['apiKey'], secretsRemoved: ['webhookSecret'] },
    });
    expect(entries.find((e) => e.action === 'user.role_changed')!.summary).toBe(
      `admin changed ${user.username}'s role from viewer to reviewer`,
    );
    expect(entries.find((e) => e.action === 'token.created')!.summary).toBe(
      'admin created the agent token "CI" for native',
    );
  });

  it('records users changing their password and signing out everywhere', async () => {
    const user = await t.userWithRole('viewer');
    await t.call('PUT', '/me/password', {
      cookie: user.cookie,
      body: { currentPassword: `${user.username}-password`, newPassword: 'a-better-password' },
    });
    await t.call('DELETE', '/me/sessions', { cookie: user.cookie });
    expect(actions(await audit(`?actor=${user.username}`))).toEqual([
      'session.signed_out_everywhere',
      'user.password_changed',
      'session.signed_in',
    ]);
  });
});

describe('searching the audit log', () => {
  it('filters by actor, action group, text and time, newest first, with a cursor', async () => {
    const admin = await t.asAdmin();
    for (const tool of ['alpha_tool', 'beta_tool', 'gamma_tool']) {
      await t.call('POST', '/rules', { cookie: admin, body: { customer: null, tool } });
    }
    expect(actions(await audit('?action=rule'))).toEqual([
      'rule.created',
      'rule.created',
      'rule.created',
    ]);
    expect((await audit('?q=BETA_')).map((e) => e.summary)).toEqual([
      'admin pre-approved beta_tool for all customers',
    ]);
    expect(await audit('?q=%25')).toEqual([]);
    expect(await audit('?actor=nobody')).toEqual([]);

    const first = await t.call('GET', '/audit?action=rule.created&limit=2', { cookie: admin });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await t.call(
      'GET',
      `/audit?action=rule.created&limit=2&cursor=${first.body.nextCursor}`,
      { cookie: admin },
    );
    expect(rest.body.items.map((e: AuditEntry) => e.summary)).toEqual([
      'admin pre-approved alpha_tool for all customers',
    ]);
    expect(rest.body.nextCursor).toBeNull();

    const today = new Date().toISOString().slice(0, 10);
    expect((await audit(`?action=rule&from=${today}&to=${today}`)).length).toBe(3);
    expect(await audit(`?action=rule&to=2000-01-01`)).toEqual([]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await audit(`?from=${encodeURIComponent(later)}`)).toEqual([]);
    expect((await audit('?actor=&action=&q=')).length).toBeGreaterThan(3);
  });

  it('answers bad parameters with a 400 naming them', async () => {
    const admin = await t.asAdmin();
    for (const query of [
      'limit=0',
      'limit=abc',
      'from=yesterday',
      'cursor=abc',
      'action=rule.exploded',
      'format=xml',
      `q=${'x'.repeat(201)}`,
    ]) {
      const res = await t.call('GET', `/audit?${query}`, { cookie: admin });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(Object.keys(res.body.error.details)).toHaveLength(1);
    }
  });

  it('is for admins only', async () => {
    const reviewer = await t.userWithRole('reviewer');
    expect((await t.call('GET', '/audit', { cookie: reviewer.cookie })).status).toBe(403);
    expect((await t.call('GET', '/audit.csv', { cookie: reviewer.cookie })).status).toBe(403);
    expect((await t.call('GET', '/audit')).status).toBe(401);
    expect((await t.agent('GET', '/audit')).status).toBe(403);
  });
});

describe('exporting the audit log as CSV', () => {
  it('escapes quotes, commas and line breaks and defuses formulas', async () => {
    for (const username of ['=HYPERLINK("http://evil.example","x")', '+1,2', '@SUM(A1)', 'a\nb']) {
      await t.call('POST', '/session', {
        body: { username, password: 'nope' },
        headers: { 'User-Agent': '-2+3' },
      });
    }
    for (const path of [
      '/audit?format=csv&action=session.sign_in_failed',
      '/audit.csv?action=session.sign_in_failed',
    ]) {
      const res = await t.call('GET', path, { cookie: await t.asAdmin() });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('Content-Disposition')).toMatch(
        /^attachment; filename="countersign-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const text = res.body as string;
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(
        'time,actor,action,summary,target type,target id,run,ip,user agent,data',
      );
      expect(text).toContain(
        `,"'=HYPERLINK(""http://evil.example"",""x"")",session.sign_in_failed,`,
      );
      expect(text).toContain(`,"'+1,2",`);
      expect(text).toContain(`,'@SUM(A1),`);
      expect(text).toContain(`,"a\nb",`);
      expect(text).toContain(`,'-2+3,`);
      expect(text).not.toMatch(/,[=+@-]/);
    }
  });

  it('exports every matching entry, beyond one page', async () => {
    const rows = Array.from({ length: 1205 }, (_, i) => ({
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      action: 'rule.created' as const,
      actor: 'bulk',
      summary: `entry ${i}`,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await t.db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const res = await t.call('GET', '/audit.csv?actor=bulk', { cookie: await t.asAdmin() });
    const lines = (res.body as string).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1206);
    expect(lines[1]).toContain('entry 1204');
    expect(lines.at(-1)).toContain('entry 0');
  });
});

describe('the audit log is append-only', () => {
  it('refuses updates and deletes in the database itself', async () => {
    await t.asAdmin();
    await expect(
      t.db.updateTable('audit_log').set({ summary: 'nothing happened' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect((await audit('?action=session.signed_in')).length).toBeGreaterThan(0);
  });

  it('keeps the entries of a removed user', async () => {
    const admin = await t.asAdmin();
    const user = await t.userWithRole('viewer');
    await t.call('DELETE', `/users/${user.id}`, { cookie: admin });
    expect(actions(await audit(`?actor=${user.username}`))).toEqual(['session.signed_in']);
  });
});
