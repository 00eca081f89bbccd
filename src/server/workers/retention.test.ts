import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger';
import { createTestApp, type TestApp } from '../testing/test-app';
import { startRetention } from './retention';

let t: TestApp;
afterEach(() => t?.close());

describe('the daily retention job', () => {
  it('removes old finished runs shortly after start and then once per interval, and says how many', async () => {
    t = await createTestApp();
    for (const title of ['one', 'two']) {
      const run = await t.createRun({ title });
      expect((await t.agent('PATCH', `/runs/${run.id}`, { status: 'completed' })).status).toBe(200);
    }
    t.advanceClock(4 * 24 * 60 * 60 * 1000);
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line) => lines.push(line) });
    const job = startRetention({ db: t.db, now: t.now }, logger, {
      days: 3,
      firstDelayMs: 10,
      intervalMs: 60_000,
    });
    try {
      await expect.poll(() => lines.length).toBe(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 'info',
        msg: 'Removed finished runs past the retention period',
        runs: 2,
        days: 3,
      });
      const left = await t.db.selectFrom('runs').select('id').execute();
      expect(left).toEqual([]);
      expect(await job.runOnce()).toBe(0);
      expect(lines).toHaveLength(1);
    } finally {
      await job.stop();
    }
  });
});
