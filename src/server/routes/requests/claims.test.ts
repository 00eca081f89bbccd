import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestSchema } from '../../../shared/requests';
import type { User } from '../../../shared/users';
import { systemOrigin } from '../../domain/audit';
import { claimRequest } from '../../domain/claims';
import type { ApiError } from '../../lib/api-error';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function pendingRequest(input: Record<string, unknown> = {}) {
  const run = await t.createRun({ customer: 'acme' });
  return t.createRequest(run.id, toolRequest(input));
}

describe('routing at creation', () => {
  it('gives each new request the group its first matching route names, else the default', async () => {
    const admin = await t.asAdmin();
    const qa = (await t.call('POST', '/groups', { cookie: admin, body: { name: 'QA' } })).body;
    const support = (await t.call('POST', '/groups', { cookie: admin, body: { name: 'Support' } }))
      .body;
    await t.call('PUT', '/routes', {
      cookie: admin,
      body: { routes: [{ tool: 'deploy', groupId: qa.id }], defaultGroupId: support.id },
    });
    const deploy = await pendingRequest({ tool: 'deploy' });
    const refund = await pendingRequest();
    expect(deploy.assignment).toEqual({ groupId: qa.id, assignee: null });
    expect(refund.assignment).toEqual({ groupId: support.id, assignee: null });
    expect(requestSchema.parse(deploy).assignment?.groupId).toBe(qa.id);
  });

  it('leaves requests without a group while no routes are saved', async () => {
    expect((await pendingRequest()).assignment).toBeUndefined();
  });
});

describe('claiming', () => {
  it('claims, shows the assignee to others, releases, and announces each change', async () => {
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    const request = await pendingRequest();
    const seen: string[] = [];
    const stop = t.bus.subscribe((event) => seen.push(`${event.type}:${event.requestId}`));

    const claimed = await t.call('POST', `/requests/${request.id}/claim`, { cookie: alice.cookie });
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignment.assignee).toMatchObject({
      id: alice.id,
      username: alice.username,
    });
    // Claiming again is harmless.
    expect(
      (await t.call('POST', `/requests/${request.id}/claim`, { cookie: alice.cookie })).status,
    ).toBe(200);

    const taken = await t.call('POST', `/requests/${request.id}/claim`, { cookie: bob.cookie });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({
      code: 'conflict',
      message: `${alice.username} is on it`,
      details: { assignee: alice.username },
    });
    const bobRelease = await t.call('POST', `/requests/${request.id}/release`, {
      cookie: bob.cookie,
    });
    expect(bobRelease.status).toBe(409);

    const seenByBob = await t.call('GET', `/requests/${request.id}`, { cookie: bob.cookie });
    expect(seenByBob.body.assignment.assignee.username).toBe(alice.username);

    const released = await t.call('POST', `/requests/${request.id}/release`, {
      cookie: alice.cookie,
    });
    expect(released.status).toBe(200);
    expect(released.body.assignment).toBeUndefined();
    expect(
      (await t.call('POST', `/requests/${request.id}/claim`, { cookie: bob.cookie })).status,
    ).toBe(200);

    await t.eventsSettled();
    stop();
    expect(seen.filter((e) => e === `request.updated:${request.id}`).length).toBeGreaterThanOrEqual(
      3,
    );
    const audit = await t.call('GET', '/audit', { cookie: await t.asAdmin() });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'request.claimed')).toHaveLength(2);
    expect(actions).toContain('request.released');
  });

  it('gives a request to exactly one of 40 reviewers claiming it at once', async () => {
    // Stored directly (one shared hash): forty password hashes and sign-ins would only time the test.
    const reviewers: User[] = Array.from({ length: 40 }, (_, i) => ({
      id: `usr_racer${i}`,
      username: `racer${i}`,
      role: 'reviewer',
    }));
    await t.db
      .insertInto('users')
      .values(
        reviewers.map((r) => ({ ...r, password_hash: 'x', created_at: new Date().toISOString() })),
      )
      .execute();
    const request = await pendingRequest();
    // Warm the pool so the claims start together rather than one connection at a time.
    await Promise.all(reviewers.slice(0, 8).map(() => sql`select 1`.execute(t.db)));
    const ctx = { db: t.db, bus: t.bus, now: t.now };
    const settled = await Promise.allSettled(
      reviewers.map((r) => claimRequest(ctx, r, request.id, systemOrigin(r.username))),
    );
    const winners = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.assignment?.assignee?.username;
    const losers = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as ApiError] : []));
    expect(losers).toHaveLength(39);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.message).toBe(`${winner} is on it`);
    }
    const row = await t.db
      .selectFrom('requests')
      .select('assignee_name')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.assignee_name).toBe(winner);
    const claims = await t.db
      .selectFrom('timeline_events')
      .select('id')
      .where('request_id', '=', request.id)
      .where('type', '=', 'request.claimed')
      .execute();
    expect(claims).toHaveLength(1);
  });

  it('lets answering claim an unclaimed request and keeps an existing claim', async () => {
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    const first = await pendingRequest();
    const answered = await t.call('POST', `/requests/${first.id}/response`, {
      cookie: alice.cookie,
      body: { decision: 'approve' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.assignment.assignee.username).toBe(alice.username);
    expect(
      (await t.call('POST', `/requests/${first.id}/claim`, { cookie: bob.cookie })).status,
    ).toBe(409);

    const second = await pendingRequest();
    await t.call('POST', `/requests/${second.id}/claim`, { cookie: alice.cookie });
    const overridden = await t.call('POST', `/requests/${second.id}/response`, {
      cookie: bob.cookie,
      body: { decision: 'deny', reason: 'Not today' },
    });
    expect(overridden.status).toBe(200);
    expect(overridden.body.answeredBy).toBe(bob.username);
    expect(overridden.body.assignment.assignee.username).toBe(alice.username);
  });

  it("lets admins release and reassign anyone's claim, to reviewers only", async () => {
    const admin = await t.asAdmin();
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    const viewer = await t.userWithRole('viewer');
    const request = await pendingRequest();
    await t.call('POST', `/requests/${request.id}/claim`, { cookie: alice.cookie });
    const given = await t.call('POST', `/requests/${request.id}/assign`, {
      cookie: admin,
      body: { userId: bob.id },
    });
    expect(given.status).toBe(200);
    expect(given.body.assignment.assignee.username).toBe(bob.username);
    const toViewer = await t.call('POST', `/requests/${request.id}/assign`, {
      cookie: admin,
      body: { userId: viewer.id },
    });
    expect(toViewer.status).toBe(422);
    expect(
      (await t.call('POST', `/requests/${request.id}/release`, { cookie: admin })).status,
    ).toBe(200);
    expect(
      (await t.call('POST', `/requests/${request.id}/claim`, { cookie: viewer.cookie })).status,
    ).toBe(403);
    expect(
      (await t.call('POST', '/requests/req_missing/claim', { cookie: alice.cookie })).status,
    ).toBe(404);
  });
});

describe('inbox queues', () => {
  it('lists runs by Mine, My groups and Unassigned for whoever asks', async () => {
    const admin = await t.asAdmin();
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    const qa = (
      await t.call('POST', '/groups', {
        cookie: admin,
        body: { name: 'QA', memberIds: [alice.id] },
      })
    ).body;
    await t.call('PUT', '/routes', {
      cookie: admin,
      body: { routes: [{ tool: 'deploy', groupId: qa.id }], defaultGroupId: null },
    });
    const deployRun = await t.createRun({ title: 'Deploy' });
    const deploy = await t.createRequest(deployRun.id, toolRequest({ tool: 'deploy' }));
    const refundRun = await t.createRun({ title: 'Refund' });
    await t.createRequest(refundRun.id, toolRequest());
    await t.call('POST', `/requests/${deploy.id}/claim`, { cookie: bob.cookie });

    const titles = async (cookie: string, assigned?: string) => {
      const res = await t.call('GET', `/runs${assigned ? `?assigned=${assigned}` : ''}`, {
        cookie,
      });
      expect(res.status).toBe(200);
      return (res.body.items as { title: string }[]).map((r) => r.title).sort();
    };
    expect(await titles(bob.cookie, 'mine')).toEqual(['Deploy']);
    expect(await titles(alice.cookie, 'mine')).toEqual([]);
    expect(await titles(alice.cookie, 'groups')).toEqual(['Deploy']);
    expect(await titles(bob.cookie, 'groups')).toEqual([]);
    expect(await titles(alice.cookie, 'unassigned')).toEqual(['Refund']);
    expect(await titles(alice.cookie)).toEqual(['Deploy', 'Refund']);
    expect((await t.call('GET', '/runs?assigned=everyone', { cookie: alice.cookie })).status).toBe(
      400,
    );
  });
});
