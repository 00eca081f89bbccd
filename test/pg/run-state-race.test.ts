import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../src/server/testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("a run's pending state under concurrent changes", () => {
  it('counts every pending request when many are created and answered at once', async () => {
    const run = await t.createRun();
    const first = await Promise.all(
      Array.from({ length: 6 }, () => t.createRequest(run.id, toolRequest())),
    );
    const reviewer = await t.userWithRole('reviewer');
    await Promise.all([
      ...Array.from({ length: 6 }, () => t.createRequest(run.id, toolRequest())),
      ...first.map((request) =>
        t.call('POST', `/requests/${request.id}/response`, {
          cookie: reviewer.cookie,
          body: { decision: 'approve' },
        }),
      ),
    ]);

    const detail = await t.agent('GET', `/runs/${run.id}`);
    expect(detail.status).toBe(200);
    const pending = detail.body.requests.filter((r: { status: string }) => r.status === 'pending');
    expect(pending).toHaveLength(6);
    const row = await t.db
      .selectFrom('runs')
      .select(['pending_count', 'status', 'waiting_since'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      pending_count: 6,
      status: 'waiting',
      waiting_since: pending.map((r: { createdAt: string }) => r.createdAt).sort()[0],
    });
  });

  it('answers and a stop racing on one run all succeed or conflict, never fail', async () => {
    const reviewer = await t.userWithRole('reviewer');
    for (let round = 0; round < 5; round += 1) {
      const run = await t.createRun();
      const requests = await Promise.all(
        Array.from({ length: 4 }, () => t.createRequest(run.id, toolRequest())),
      );
      const replies = await Promise.all([
        ...requests.map((request) =>
          t.call('POST', `/requests/${request.id}/response`, {
            cookie: reviewer.cookie,
            body: { decision: 'approve' },
          }),
        ),
        t.call('POST', `/runs/${run.id}/stop`, { cookie: reviewer.cookie }),
      ]);
      expect(replies.map((reply) => reply.status).filter((status) => status >= 500)).toEqual([]);
      const detail = await t.agent('GET', `/runs/${run.id}`);
      expect(detail.body.status).toBe('stopped');
      expect(
        detail.body.requests.filter((r: { status: string }) => r.status === 'pending'),
      ).toEqual([]);
    }
  });
});
