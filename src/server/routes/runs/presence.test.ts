import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../shared/stream';
import { maxRunsViewedAtOnce, presenceTtlMs } from '../../domain/presence';
import { createTestApp, type TestApp } from '../../testing/test-app';

type Person = { cookie: string; username: string; id: string };

let t: TestApp;
let alice: Person;
let bob: Person;
let events: StreamEvent[];
beforeEach(async () => {
  t = await createTestApp();
  alice = await t.userWithRole('reviewer');
  bob = await t.userWithRole('viewer');
  events = [];
  t.bus.subscribe((event) => events.push(event));
});
afterEach(() => t.close());

const viewing = (who: Person, runId: string) =>
  t.call('PUT', `/runs/${runId}/presence`, { cookie: who.cookie });
const leaving = (who: Person, runId: string) =>
  t.call('DELETE', `/runs/${runId}/presence`, { cookie: who.cookie });
const names = (res: { body: { viewers: { username: string }[] } }) =>
  res.body.viewers.map((viewer) => viewer.username);

async function presenceEvents(runId: string): Promise<number> {
  await t.eventsSettled();
  return events.filter((event) => event.type === 'presence.changed' && event.runId === runId)
    .length;
}

describe('run presence', () => {
  it('shows each viewer the others, not themselves, and drops one who leaves at once', async () => {
    const run = await t.createRun();
    const first = await viewing(alice, run.id);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ viewers: [] });
    expect(await presenceEvents(run.id)).toBe(1);

    expect(names(await viewing(bob, run.id))).toEqual([alice.username]);
    expect(names(await viewing(alice, run.id))).toEqual([bob.username]);
    // Bob's arrival is announced; Alice's heartbeat changes nothing and writes no event.
    expect(await presenceEvents(run.id)).toBe(2);

    expect((await leaving(bob, run.id)).status).toBe(204);
    expect(await presenceEvents(run.id)).toBe(3);
    expect(names(await viewing(alice, run.id))).toEqual([]);
    // Leaving twice (a beacon after an unmount) is no error and no news.
    expect((await leaving(bob, run.id)).status).toBe(204);
    expect(await presenceEvents(run.id)).toBe(3);
  });

  it('forgets a viewer who stops sending heartbeats, and tells the others', async () => {
    const run = await t.createRun();
    await viewing(alice, run.id);
    await viewing(bob, run.id);
    const before = await presenceEvents(run.id);

    t.advanceClock(presenceTtlMs - 10_000);
    expect(names(await viewing(alice, run.id))).toEqual([bob.username]);
    t.advanceClock(10_000);
    expect(names(await viewing(alice, run.id))).toEqual([]);
    expect(await presenceEvents(run.id)).toBe(before + 1);
  });

  it('keeps a viewer who keeps sending heartbeats', async () => {
    const run = await t.createRun();
    await viewing(bob, run.id);
    for (let beat = 0; beat < 5; beat += 1) {
      t.advanceClock(10_000);
      await viewing(bob, run.id);
      expect(names(await viewing(alice, run.id))).toEqual([bob.username]);
    }
  });

  it('answers 404 for a run that does not exist, and remembers nothing for it', async () => {
    for (const id of ['run_missing', '__proto__', 'constructor']) {
      const res = await viewing(alice, id);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
      expect((await leaving(alice, id)).status).toBe(404);
    }
    const rows = await t.db.selectFrom('run_presence').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('shows one person viewing at most a bounded number of runs, dropping the oldest', async () => {
    const runs: string[] = [];
    for (let i = 0; i < maxRunsViewedAtOnce + 3; i += 1) {
      runs.push((await t.createRun()).id);
      await viewing(alice, runs.at(-1)!);
      t.advanceClock(10);
    }
    const rows = await t.db
      .selectFrom('run_presence')
      .select('run_id')
      .where('user_id', '=', alice.id)
      .execute();
    expect(rows).toHaveLength(maxRunsViewedAtOnce);
    expect(names(await viewing(bob, runs[0]!))).toEqual([]);
    expect(names(await viewing(bob, runs.at(-1)!))).toEqual([alice.username]);
  });

  it('is for people signed in, not agents', async () => {
    const run = await t.createRun();
    expect((await t.agent('PUT', `/runs/${run.id}/presence`)).status).toBe(403);
    expect((await t.call('PUT', `/runs/${run.id}/presence`)).status).toBe(401);
  });
});
