import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultNotificationPreferences } from '../../src/shared/notifications';
import { defaultSessionPolicy } from '../../src/server/app';
import { writePreferences } from '../../src/server/domain/notifications/preferences';
import { createTestApp, toolRequest, type TestApp } from '../../src/server/testing/test-app';
import { sweepOnce } from '../../src/server/workers/sweeper';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('expiry policies swept by several processes at once', () => {
  it('escalates each overdue request exactly once, with one notification each', async () => {
    const admin = await t.asAdmin();
    const quinn = await t.userWithRole('reviewer');
    await writePreferences(
      t.db,
      quinn.id,
      {
        ...defaultNotificationPreferences,
        channels: { ...defaultNotificationPreferences.channels, email: true },
        scope: { mode: 'groups', kinds: [], sources: [] },
      },
      new Date().toISOString(),
    );
    await t.db
      .updateTable('users')
      .set({ email: 'quinn@example.com' })
      .where('id', '=', quinn.id)
      .execute();
    const newGroup = async (name: string, memberIds: string[]) =>
      (await t.call('POST', '/groups', { cookie: admin, body: { name, memberIds } })).body.id;
    const support = await newGroup('Support', []);
    const qa = await newGroup('QA', [quinn.id]);
    const saved = await t.call('PUT', '/routes', {
      cookie: admin,
      body: {
        routes: [],
        defaultGroupId: support,
        defaultPolicy: {
          expiresAfterMinutes: 30,
          onExpiry: 'escalate',
          escalateToGroupId: qa,
          escalateExpiresAfterMinutes: 15,
        },
      },
    });
    expect(saved.status).toBe(200);
    const run = await t.createRun();
    const requests = [];
    for (let i = 0; i < 8; i += 1) requests.push(await t.createRequest(run.id, toolRequest()));
    t.advanceClock(31 * 60_000);

    const ctx = { db: t.db, bus: t.bus, now: t.now, sessionPolicy: defaultSessionPolicy };
    // Four sweepers on their own connections of the pool, as four processes would be.
    const acted = await Promise.all(
      Array.from({ length: 4 }, () => sweepOnce(ctx, { housekeeping: false })),
    );
    expect(acted.reduce((a, b) => a + b, 0)).toBe(requests.length);

    const rows = await t.db
      .selectFrom('requests')
      .select(['id', 'status', 'team_id', 'escalations'])
      .where('run_id', '=', run.id)
      .execute();
    expect(rows.every((r) => r.status === 'pending' && r.team_id === qa)).toBe(true);
    expect(rows.map((r) => Number(r.escalations))).toEqual(requests.map(() => 1));
    const steps = await t.db
      .selectFrom('timeline_events')
      .select('request_id')
      .where('run_id', '=', run.id)
      .where('type', '=', 'request.escalated')
      .execute();
    expect(steps.map((s) => s.request_id).sort()).toEqual(requests.map((r) => r.id).sort());
    const jobs = await t.db
      .selectFrom('notification_jobs')
      .select('request_id')
      .where('recipient', '=', quinn.id)
      .where('event', '=', 'request.created')
      .execute();
    expect(jobs.map((j) => j.request_id).sort()).toEqual(requests.map((r) => r.id).sort());
    const audits = await t.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'request.escalated')
      .execute();
    expect(audits).toHaveLength(requests.length);
  });
});
