import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitlInterrupt, startLangGraphFake, type LangGraphFake } from '../../fakes/langgraph';
import { eventually, startHarness, type Harness } from './harness';

let h: Harness;
let fake: LangGraphFake;
let sourceId: string;

beforeAll(async () => {
  fake = await startLangGraphFake();
  h = await startHarness();
  sourceId = await h.createSource({ kind: 'langgraph', name: 'LangGraph', baseUrl: fake.baseUrl });
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

type Member = { id: string; tool: string; status: string; delivery: { status: string } };

/** Polls the source and returns the thread's run with its requests, in the order they were asked. */
async function discovered(threadId: string): Promise<{ id: string; requests: Member[] }> {
  expect((await h.poll(sourceId)).status).toBe(200);
  const runs = (await h.api('GET', `/runs?source=${sourceId}&limit=500`)).body.items as {
    id: string;
    externalId?: string;
  }[];
  for (const run of runs) {
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    if (detail.externalId === threadId) return detail;
  }
  throw new Error(`thread ${threadId} not found`);
}

const answer = (requestId: string, body: unknown) =>
  h.api('POST', `/requests/${requestId}/response`, body);

const threeCalls = [
  { name: 'send_email', args: { to: 'ann@example.com' } },
  { name: 'delete_file', args: { path: '/tmp/a' } },
  { name: 'refund', args: { amount: 5 } },
];

/** Lets the delivery worker run several of its 25 ms rounds. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('one reply for a group of requests', () => {
  it('queues nothing until the last member is decided, then sends every decision once, in order', async () => {
    const threadId = fake.interruptThread(hitlInterrupt(threeCalls));
    const run = await discovered(threadId);
    const [email, del, refund] = run.requests;
    expect(run.requests.map((r) => r.tool)).toEqual(['send_email', 'delete_file', 'refund']);

    expect((await answer(refund!.id, { decision: 'deny', note: 'not today' })).status).toBe(200);
    expect(
      (await answer(email!.id, { decision: 'approve', input: { to: 'bob@example.com' } })).status,
    ).toBe(200);
    await settle();
    expect(fake.resumes(threadId)).toHaveLength(0);

    expect((await answer(del!.id, { decision: 'approve' })).status).toBe(200);
    const delivered = await eventually(async () => {
      const res = await h.api('GET', `/requests/${email!.id}`);
      return res.body.delivery.status === 'delivered' ? res.body : undefined;
    });
    expect(delivered.delivery.status).toBe('delivered');
    await settle();
    const resumes = fake.resumes(threadId);
    expect(resumes).toHaveLength(1);
    expect(resumes[0]!.body).toEqual({
      assistant_id: 'asst-1',
      command: {
        resume: {
          decisions: [
            { type: 'edit', editedAction: { name: 'send_email', args: { to: 'bob@example.com' } } },
            { type: 'approve' },
            { type: 'reject', message: 'not today' },
          ],
        },
      },
      multitask_strategy: 'reject',
    });
    for (const member of run.requests) {
      expect((await h.api('GET', `/requests/${member.id}`)).body.delivery.status).toBe('delivered');
    }
  });

  it('two reviewers deciding the last two members at once queue exactly one reply', async () => {
    for (let round = 0; round < 5; round += 1) {
      const threadId = fake.interruptThread(hitlInterrupt(threeCalls));
      const run = await discovered(threadId);
      const [first, second, third] = run.requests;
      expect((await answer(first!.id, { decision: 'approve' })).status).toBe(200);
      const both = await Promise.all([
        answer(second!.id, { decision: 'approve' }),
        answer(third!.id, { decision: 'deny' }),
      ]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      await eventually(async () => (fake.resumes(threadId).length > 0 ? true : undefined));
      await settle();
      expect(fake.resumes(threadId)).toHaveLength(1);
      expect(
        (fake.resumes(threadId)[0]!.body as { command: { resume: { decisions: unknown[] } } })
          .command.resume.decisions,
      ).toEqual([{ type: 'approve' }, { type: 'approve' }, { type: 'reject' }]);
    }
  });

  it('a member cancelled by its platform does not leave the group stuck: the reply is tried and shows why it failed', async () => {
    const threadId = fake.interruptThread(hitlInterrupt(threeCalls.slice(0, 2)));
    const run = await discovered(threadId);
    expect((await answer(run.requests[0]!.id, { decision: 'approve' })).status).toBe(200);
    // The interrupt is resolved on LangGraph itself: the next poll cancels the other member.
    fake.resolveElsewhere(threadId);
    await discovered(threadId);
    const failed = await eventually(async () => {
      const res = await h.api('GET', `/requests/${run.requests[0]!.id}`);
      return res.body.delivery.status === 'failed' ? res.body : undefined;
    });
    expect(failed.delivery.lastError).toMatch(/no longer waiting on this interrupt/);
    expect(fake.resumes(threadId)).toHaveLength(0);
  });
});
