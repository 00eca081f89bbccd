import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, toolRequest, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const prototypeNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** `{ [name]: value }` as JSON.parse builds it: an own key even for `__proto__`. */
const own = (pairs: Record<string, unknown> | [string, unknown][]) =>
  Object.fromEntries(Array.isArray(pairs) ? pairs : Object.entries(pairs));

async function answer(requestId: string, cookie: string, body: unknown) {
  return t.call('POST', `/requests/${requestId}/response`, { cookie, body });
}

describe('names agents choose that Object.prototype also has', () => {
  it.each(prototypeNames)(
    'a message field named %s: 422 while empty, answered once filled in',
    async (name) => {
      const run = await t.createRun();
      const request = await t.createRequest(run.id, {
        kind: 'message',
        message: 'Fill this in',
        fields: [{ name, label: 'Value', required: true }],
      });
      expect(request.fields).toEqual([{ name, label: 'Value', required: true }]);
      const reviewer = await t.userWithRole('reviewer');

      const missing = await answer(request.id, reviewer.cookie, { fields: {} });
      expect(missing.status).toBe(422);
      expect(Object.keys(missing.body.error.details)).toEqual([`fields.${name}`]);
      const blank = await answer(request.id, reviewer.cookie, { fields: own([[name, '  ']]) });
      expect(blank.status).toBe(422);

      const filled = await answer(request.id, reviewer.cookie, { fields: own([[name, 'done']]) });
      expect(filled.status).toBe(200);
      expect(Object.entries(filled.body.response.fields)).toEqual([[name, 'done']]);
    },
  );

  it('the waiting GET hands back exactly the fields named __proto__ and constructor', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, {
      kind: 'message',
      message: 'Two odd names',
      fields: [
        { name: '__proto__', label: 'Proto', required: true },
        { name: 'constructor', label: 'Constructor', required: true },
      ],
    });
    const reviewer = await t.userWithRole('reviewer');
    const waiting = t.agent('GET', `/requests/${request.id}?wait=10`);
    const body = JSON.parse('{"fields":{"__proto__":"p","constructor":"c"}}');
    expect((await answer(request.id, reviewer.cookie, body)).status).toBe(200);
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('answered');
    expect(JSON.stringify(res.body.response)).toBe(
      '{"fields":{"__proto__":"p","constructor":"c"}}',
    );
    const again = await t.agent('GET', `/requests/${request.id}`);
    expect(JSON.stringify(again.body.response)).toBe(JSON.stringify(body));
  });

  it('an unknown field named toString is refused by name, not answered', async () => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, {
      kind: 'message',
      message: 'One field',
      fields: [{ name: 'key', label: 'Key' }],
    });
    const res = await answer(request.id, await t.asAdmin(), { fields: own({ toString: 'x' }) });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ 'fields.toString': 'No such field' });
  });

  it.each(prototypeNames)('a question with id %s is asked and answered', async (id) => {
    const run = await t.createRun();
    const request = await t.createRequest(run.id, {
      kind: 'questions',
      questions: [{ id, text: 'Which?', options: ['A', 'B'], allowOther: false }],
    });
    const cookie = await t.asAdmin();
    const wrong = await answer(request.id, cookie, { answers: [{ questionId: id, value: 'C' }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toEqual({ [`answers.${id}`]: 'Pick one of the options' });
    const res = await answer(request.id, cookie, { answers: [{ questionId: id, value: 'A' }] });
    expect(res.status).toBe(200);
  });

  it('run metadata and tool input keep keys named __proto__ and constructor', async () => {
    const odd = JSON.parse('{"__proto__":{"polluted":true},"constructor":"c","toString":1}');
    const run = await t.createRun({ metadata: odd });
    expect(JSON.stringify(run.metadata)).toBe(JSON.stringify(odd));
    const read = await t.agent('GET', `/runs/${run.id}`);
    expect(JSON.stringify(read.body.metadata)).toBe(JSON.stringify(odd));
    expect(read.body.metadata.polluted).toBeUndefined();

    const updated = await t.agent('PATCH', `/runs/${run.id}`, { metadata: own({ valueOf: 'v' }) });
    expect(updated.status).toBe(200);

    const request = await t.createRequest(run.id, toolRequest({ input: odd }));
    expect(JSON.stringify(request.input)).toBe(JSON.stringify(odd));
    expect((await answer(request.id, await t.asAdmin(), { decision: 'approve' })).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
