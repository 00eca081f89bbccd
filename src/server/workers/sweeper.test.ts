import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/stream';
import { defaultSessionPolicy } from '../app';
import { createTestApp, toolRequest } from '../testing/test-app';
import { pruneStreamEvents } from '../events/event-log';
import { startSweeper, sweepOnce } from './sweeper';

describe('sweeper', () => {
  it('expires overdue requests, updates the run and announces it after commit', async () => {
    const t = await createTestApp();
    const run = await t.createRun();
    const due = await t.createRequest(
      run.id,
      toolRequest({ expiresAt: new Date(t.now().getTime() + 1000).toISOString() }),
    );
    const later = await t.createRequest(
      run.id,
      toolRequest({ expiresAt: new Date(t.now().getTime() + 60_000).toISOString() }),
    );
    const events: StreamEvent[] = [];
    await t.eventsSettled();
    t.bus.subscribe((e) => events.push(e));
    t.advanceClock(2000);

    expect(
      await sweepOnce(
        { db: t.db, bus: t.bus, now: t.now, sessionPolicy: defaultSessionPolicy },
        { housekeeping: true },
      ),
    ).toBe(1);
    await t.eventsSettled();
    expect(events.map((e) => [e.type, e.requestId])).toEqual([
      ['request.updated', due.id],
      ['run.updated', null],
    ]);
    const detail = (await t.agent('GET', `/runs/${run.id}`)).body;
    expect(detail.requests.map((r: { status: string }) => r.status)).toEqual([
      'expired',
      'pending',
    ]);
    expect(detail.status).toBe('waiting');
    expect(detail.waitingSince).toBe(later.createdAt);
    expect(
      await sweepOnce(
        { db: t.db, bus: t.bus, now: t.now, sessionPolicy: defaultSessionPolicy },
        { housekeeping: false },
      ),
    ).toBe(0);
    await t.close();
  });

  it('runs on a timer and stops cleanly', async () => {
    const t = await createTestApp();
    const run = await t.createRun();
    const request = await t.createRequest(
      run.id,
      toolRequest({ expiresAt: new Date(t.now().getTime() + 1000).toISOString() }),
    );
    t.advanceClock(5000);
    const sweeper = startSweeper(
      { db: t.db, bus: t.bus, now: t.now, sessionPolicy: defaultSessionPolicy },
      { debug() {}, info() {}, warn() {}, error() {} },
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sweeper.stop();
    const row = await t.db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    await t.close();
  });

  it('keeps only the newest stream events', async () => {
    const t = await createTestApp();
    for (let i = 0; i < 4; i += 1) await t.createRun();
    await pruneStreamEvents(t.db, 2);
    const rows = await t.db.selectFrom('stream_events').select('id').orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.id - rows[0]!.id).toBe(1);
    await t.close();
  });
});
