import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultNotificationPreferences } from '../../shared/notifications';
import { defaultSessionPolicy } from '../app';
import { createTestApp, toolRequest, type TestApp } from '../testing/test-app';
import { sweepOnce } from '../workers/sweeper';
import { queueReminders } from './notifications/reminders';
import { writePreferences } from './notifications/preferences';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.asAdmin();
});
afterEach(() => t.close());

const minute = 60_000;
const sweep = () =>
  sweepOnce(
    { db: t.db, bus: t.bus, now: t.now, sessionPolicy: defaultSessionPolicy },
    { housekeeping: false },
  );

async function group(name: string, memberIds: string[] = []): Promise<string> {
  const res = await t.call('POST', '/groups', { cookie: admin, body: { name, memberIds } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function route(policy: Record<string, unknown>, groupId: string, extra = {}) {
  const res = await t.call('PUT', '/routes', {
    cookie: admin,
    body: {
      routes: [{ tool: 'refund_order', groupId, ...policy }],
      defaultGroupId: null,
      ...extra,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function timeline(runId: string) {
  const rows = await t.db
    .selectFrom('timeline_events')
    .select(['type', 'message', 'actor'])
    .where('run_id', '=', runId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.filter((r) => r.type !== 'request.created' && r.type !== 'run.created');
}

async function withEmail(userId: string) {
  await t.db
    .updateTable('users')
    .set({ email: `${userId}@example.com` })
    .where('id', '=', userId)
    .execute();
}

async function readRequest(id: string) {
  return (await t.agent('GET', `/requests/${id}`)).body;
}

describe('expiry policy on routes', () => {
  it('is saved and read back with each route and the default route', async () => {
    const support = await group('Support');
    const qa = await group('QA');
    const saved = await route(
      {
        expiresAfterMinutes: 30,
        remindBeforeMinutes: 10,
        onExpiry: 'escalate',
        escalateToGroupId: qa,
        escalateExpiresAfterMinutes: 15,
      },
      support,
      { defaultGroupId: qa, defaultPolicy: { expiresAfterMinutes: 60, onExpiry: 'deny' } },
    );
    const expected = {
      routes: [
        {
          sourceId: null,
          kind: null,
          customer: null,
          tool: 'refund_order',
          groupId: support,
          expiresAfterMinutes: 30,
          remindBeforeMinutes: 10,
          onExpiry: 'escalate',
          escalateToGroupId: qa,
          escalateExpiresAfterMinutes: 15,
        },
      ],
      defaultGroupId: qa,
      defaultPolicy: { expiresAfterMinutes: 60, onExpiry: 'deny' },
    };
    expect(saved).toEqual(expected);
    expect((await t.call('GET', '/routes', { cookie: admin })).body).toEqual(expected);
  });

  it('refuses escalation without a group, to its own group or a missing one, and minutes out of bounds', async () => {
    const support = await group('Support');
    const put = (routes: unknown[], extra = {}) =>
      t.call('PUT', '/routes', {
        cookie: admin,
        body: { routes, defaultGroupId: null, ...extra },
      });
    const escalate = { groupId: support, onExpiry: 'escalate', escalateExpiresAfterMinutes: 5 };
    const cases: [unknown[], Record<string, unknown>, string][] = [
      [[escalate], {}, 'routes.0.escalateToGroupId'],
      [[{ ...escalate, escalateToGroupId: support }], {}, 'routes.0.escalateToGroupId'],
      [[{ ...escalate, escalateToGroupId: 'team_missing' }], {}, 'routes.0.escalateToGroupId'],
      [
        [{ groupId: support, onExpiry: 'escalate', escalateToGroupId: 'team_x' }],
        {},
        'routes.0.escalateExpiresAfterMinutes',
      ],
      [[], { defaultPolicy: { onExpiry: 'deny' } }, 'defaultPolicy'],
    ];
    for (const [routes, extra, field] of cases) {
      const res = await put(routes, extra);
      expect(res.status, field).toBe(422);
      expect(Object.keys(res.body.error.details), field).toContain(field);
    }
    for (const minutes of [0, 1.5, 7 * 24 * 60 + 1]) {
      const res = await put([{ groupId: support, expiresAfterMinutes: minutes }]);
      expect(res.status).toBe(422);
    }
    expect((await t.call('GET', '/routes', { cookie: admin })).body.routes).toEqual([]);
  });

  it("gives requests the route's default expiry; the agent's own expiresAt wins", async () => {
    const support = await group('Support');
    await route({ expiresAfterMinutes: 30 }, support);
    const run = await t.createRun();
    const routed = await t.createRequest(run.id, toolRequest());
    expect(Date.parse(routed.expiresAt as string)).toBeGreaterThanOrEqual(
      t.now().getTime() + 30 * minute - 5000,
    );
    expect(Date.parse(routed.expiresAt as string)).toBeLessThanOrEqual(
      t.now().getTime() + 30 * minute,
    );
    const own = new Date(t.now().getTime() + 5 * minute).toISOString();
    expect((await t.createRequest(run.id, toolRequest({ expiresAt: own }))).expiresAt).toBe(own);
    const other = await t.createRequest(run.id, toolRequest({ tool: 'send_email' }));
    expect(other.expiresAt).toBeNull();
  });
});

describe('on expiry', () => {
  it('expire: the agent sees expired with the reason, once', async () => {
    const support = await group('Support');
    await route({ expiresAfterMinutes: 30 }, support);
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    t.advanceClock(31 * minute);
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    const read = await readRequest(request.id);
    expect(read.status).toBe('expired');
    expect(read.statusReason).toBe('No one answered within 30 minutes');
    expect(await timeline(run.id)).toEqual([
      {
        type: 'request.expired',
        message: 'Expired: no one answered within 30 minutes',
        actor: 'system',
      },
    ]);
  });

  it('deny: answered as a deny by the system with the reason, audited, once', async () => {
    const support = await group('Support');
    await route({ expiresAfterMinutes: 30, onExpiry: 'deny' }, support);
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    t.advanceClock(31 * minute);
    // A reader that comes before the sweeper applies the policy too.
    const read = await readRequest(request.id);
    expect(await sweep()).toBe(0);
    expect(read).toMatchObject({
      status: 'answered',
      answeredBy: 'system',
      response: { decision: 'deny', note: 'No one answered within 30 minutes' },
      statusReason: 'No one answered within 30 minutes',
    });
    const reviewer = await t.userWithRole('reviewer');
    const late = await t.call('POST', `/requests/${request.id}/response`, {
      cookie: reviewer.cookie,
      body: { decision: 'approve' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('already_answered');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('target_id', '=', request.id)
      .execute();
    expect(audit).toEqual([{ actor: 'system', action: 'request.answered' }]);
    expect(await timeline(run.id)).toEqual([
      {
        type: 'request.answered',
        message: 'Denied on expiry: no one answered within 30 minutes',
        actor: 'system',
      },
    ]);
  });

  it('deny on a kind that has no deny expires it and says why', async () => {
    const support = await group('Support');
    await t.call('PUT', '/routes', {
      cookie: admin,
      body: { routes: [], defaultGroupId: support, defaultPolicy: { onExpiry: 'deny' } },
    });
    const run = await t.createRun();
    const request = await t.createRequest(run.id, {
      kind: 'message',
      message: 'Done?',
      expiresAt: new Date(t.now().getTime() + 10 * minute).toISOString(),
    });
    t.advanceClock(11 * minute);
    expect(await sweep()).toBe(1);
    expect(await readRequest(request.id)).toMatchObject({
      status: 'expired',
      statusReason: 'No one answered within 10 minutes; a message request cannot be denied',
    });
  });

  it('escalate: to the other group with a new deadline, nobody on it, its members told; then expires', async () => {
    const alice = await t.userWithRole('reviewer');
    const quinn = await t.userWithRole('reviewer');
    const groupsOnly = {
      ...defaultNotificationPreferences,
      channels: { ...defaultNotificationPreferences.channels, email: true },
      scope: { mode: 'groups' as const, kinds: [], sources: [] },
    };
    for (const user of [alice, quinn]) {
      await writePreferences(t.db, user.id, groupsOnly, new Date().toISOString());
      await withEmail(user.id);
    }
    const support = await group('Support', [alice.id]);
    const qa = await group('QA', [quinn.id]);
    // QA's own default policy would escalate back: an escalated request must not chain on it.
    await route(
      {
        expiresAfterMinutes: 30,
        onExpiry: 'escalate',
        escalateToGroupId: qa,
        escalateExpiresAfterMinutes: 15,
      },
      support,
      {
        defaultGroupId: qa,
        defaultPolicy: {
          onExpiry: 'escalate',
          escalateToGroupId: support,
          escalateExpiresAfterMinutes: 5,
        },
      },
    );
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    await t.call('POST', `/requests/${request.id}/claim`, { cookie: alice.cookie });
    const told = async (userId: string) =>
      (
        await t.db
          .selectFrom('notification_jobs')
          .select('event')
          .where('request_id', '=', request.id)
          .where('recipient', '=', userId)
          .where('event', '=', 'request.created')
          .execute()
      ).length;
    expect([await told(alice.id), await told(quinn.id)]).toEqual([1, 0]);
    // Editing routes after routing does not change what this request does.
    await route({ expiresAfterMinutes: 30 }, support);

    t.advanceClock(31 * minute);
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    const escalated = await readRequest(request.id);
    expect(escalated).toMatchObject({
      status: 'pending',
      escalations: 1,
      assignment: { groupId: qa, assignee: null },
    });
    const newDeadline = Date.parse(escalated.expiresAt) - t.now().getTime();
    expect(newDeadline).toBeGreaterThan(14 * minute);
    expect(newDeadline).toBeLessThanOrEqual(15 * minute);
    expect([await told(alice.id), await told(quinn.id)]).toEqual([1, 1]);
    const inboxRow = async () =>
      (await t.call('GET', '/runs', { cookie: admin })).body.items.find(
        (r: { id: string }) => r.id === run.id,
      );
    expect((await inboxRow()).escalatedToGroupId).toBe(qa);

    t.advanceClock(16 * minute);
    expect(await sweep()).toBe(1);
    const expired = await readRequest(request.id);
    expect(expired).toMatchObject({
      status: 'expired',
      escalations: 1,
      statusReason: 'No one answered within 15 minutes of the escalation to QA',
      assignment: { groupId: qa },
    });
    expect((await inboxRow()).escalatedToGroupId).toBeUndefined();
    expect(await timeline(run.id)).toEqual([
      expect.objectContaining({ type: 'request.claimed' }),
      {
        type: 'request.escalated',
        message: 'No one answered within 30 minutes; escalated to QA, who have 15 minutes',
        actor: 'system',
      },
      {
        type: 'request.expired',
        message: 'Expired: no one answered within 15 minutes of the escalation to QA',
        actor: 'system',
      },
    ]);
  });

  it("reminds at the route's own lead before the expiry", async () => {
    const alice = await t.userWithRole('reviewer');
    await writePreferences(
      t.db,
      alice.id,
      {
        ...defaultNotificationPreferences,
        channels: { ...defaultNotificationPreferences.channels, email: true },
      },
      new Date().toISOString(),
    );
    await withEmail(alice.id);
    const support = await group('Support', [alice.id]);
    await route({ expiresAfterMinutes: 60, remindBeforeMinutes: 20 }, support);
    const run = await t.createRun();
    await t.createRequest(run.id, toolRequest());
    const deps = { db: t.db, now: t.now };
    t.advanceClock(35 * minute);
    expect(await queueReminders(deps, 5 * minute)).toBe(0);
    t.advanceClock(6 * minute);
    expect(await queueReminders(deps, 5 * minute)).toBe(1);
  });
});
