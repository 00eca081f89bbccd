import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { maxUnreadFrames } from './event-stream';

let t: TestApp;
afterEach(() => t.close());

/** Reads what the stream holds until it ends, or until nothing more comes for a while. */
async function drain(
  body: ReadableStream<Uint8Array>,
): Promise<{ frames: number; ended: boolean }> {
  const reader = body.getReader();
  let text = '';
  for (;;) {
    const next = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 500)),
    ]);
    if (next === null) {
      await reader.cancel();
      return { frames: text.split('\n\n').length - 1, ended: false };
    }
    if (next.done) return { frames: text.split('\n\n').length - 1, ended: true };
    text += new TextDecoder().decode(next.value);
  }
}

describe('an event stream nobody reads', () => {
  it('ends once its unread frames pass the limit, instead of queueing every later event', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/stream', { headers: { Cookie: await t.asAdmin() } });
    expect(res.status).toBe(200);
    const at = new Date().toISOString();
    const published = maxUnreadFrames + 2_000;
    for (let id = 1; id <= published; id += 1) {
      t.bus.publish([{ id: String(id), type: 'run.updated', runId: null, requestId: null, at }]);
    }
    const { frames, ended } = await drain(res.body!);
    expect(ended).toBe(true);
    // ': connected', then events up to the limit; the rest are left for the reconnect to replay.
    expect(frames).toBeGreaterThan(maxUnreadFrames - 10);
    expect(frames).toBeLessThan(published);
  });

  it('keeps a stream whose client reads, whatever the number of events', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/stream', { headers: { Cookie: await t.asAdmin() } });
    const reader = res.body!.getReader();
    const at = new Date().toISOString();
    let text = '';
    for (let id = 1; id <= maxUnreadFrames * 2; id += 1) {
      t.bus.publish([{ id: String(id), type: 'run.updated', runId: null, requestId: null, at }]);
      if (id % 1_000 === 0) {
        while (!text.includes(`id: ${id}\n`))
          text += new TextDecoder().decode((await reader.read()).value);
        text = '';
      }
    }
    await reader.cancel();
  });
});
