import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const options = [
  { name: 'berlin', title: 'Berlin', prefill: 'Ship from Berlin' },
  { name: 'constructor' },
];

describe('answers the agent offers', () => {
  it('a message takes one of its options with the reply, and nothing else', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, { kind: 'message', message: 'Where?', options });
    const reviewer = await t.userWithRole('reviewer');
    const answer = (body: unknown) =>
      t.call('POST', `/requests/${request.id}/response`, { cookie: reviewer.cookie, body });

    const unknown = await answer({ text: 'Paris', option: 'toString' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual({ option: 'No such option' });
    const picked = await answer({ text: 'From Berlin', option: 'berlin' });
    expect(picked.status).toBe(200);
    expect(picked.body.response).toEqual({ text: 'From Berlin', option: 'berlin' });
  });

  it('a message offers fields or options, not both, and option names are unique', async () => {
    const run = await t.createRun();
    const both = await t.agent('POST', `/runs/${run.id}/requests`, {
      kind: 'message',
      message: 'Where?',
      fields: [{ name: 'city', label: 'City' }],
      options,
    });
    expect(both.status).toBe(422);
    expect(Object.keys(both.body.error.details)).toEqual(['options']);
    const twice = await t.agent('POST', `/runs/${run.id}/requests`, {
      kind: 'message',
      message: 'Where?',
      options: [{ name: 'a' }, { name: 'a' }],
    });
    expect(twice.status).toBe(422);
  });

  it('a tool call takes a reason to deny from its deny options, only with a deny', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, {
      ...toolRequest(),
      denyOptions: [{ name: 'too_risky', title: 'Too risky' }],
    });
    const reviewer = await t.userWithRole('reviewer');
    const answer = (body: unknown) =>
      t.call('POST', `/requests/${request.id}/response`, { cookie: reviewer.cookie, body });

    const approving = await answer({ decision: 'approve', denyOption: 'too_risky' });
    expect(approving.status).toBe(422);
    const unknown = await answer({ decision: 'deny', denyOption: '__proto__' });
    expect(unknown.status).toBe(422);
    const denied = await answer({ decision: 'deny', denyOption: 'too_risky' });
    expect(denied.status).toBe(200);
    const detail = await t.call('GET', `/runs/${run.id}`, { cookie: reviewer.cookie });
    const messages = (detail.body.timeline as { message: string }[]).map((e) => e.message);
    expect(messages).toContain(`${reviewer.username} denied (too_risky)`);
  });
});
