import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultNotificationPreferences } from '../../../shared/notifications';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';
import type { NotificationEvent } from './channel';
import { subscribersFor, writePreferences } from './preferences';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const groupsOnly = {
  ...defaultNotificationPreferences,
  channels: { ...defaultNotificationPreferences.channels, email: true },
  scope: { mode: 'groups' as const, kinds: [], sources: [] },
};

describe('the "my groups" notification scope', () => {
  it("reaches the request's group and its assignee, nobody else", async () => {
    const admin = await t.asAdmin();
    const alice = await t.userWithRole('reviewer');
    const bob = await t.userWithRole('reviewer');
    const carol = await t.userWithRole('reviewer');
    const at = new Date().toISOString();
    for (const user of [alice, bob]) await writePreferences(t.db, user.id, groupsOnly, at);
    await writePreferences(
      t.db,
      carol.id,
      { ...groupsOnly, scope: { mode: 'all', kinds: [], sources: [] } },
      at,
    );
    const qa = (
      await t.call('POST', '/groups', {
        cookie: admin,
        body: { name: 'QA', memberIds: [alice.id] },
      })
    ).body;
    await t.call('PUT', '/routes', { cookie: admin, body: { routes: [], defaultGroupId: qa.id } });
    const run = await t.createRun();
    const request = await t.createRequest(run.id, toolRequest());
    const event: NotificationEvent = {
      name: 'request.created',
      runId: run.id,
      requestId: request.id,
      kind: 'tool',
      status: 'pending',
      sourceId: 'native',
    };
    const recipients = async () =>
      (await subscribersFor(t.db, 'email', event)).map((s) => s.id).sort();

    expect(await recipients()).toEqual([alice.id, carol.id].sort());
    await t.call('POST', `/requests/${request.id}/claim`, { cookie: bob.cookie });
    expect(await recipients()).toEqual([alice.id, bob.id, carol.id].sort());
  });
});
