import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function openStream(cookie: string) {
  const res = await t.app.request('/api/v1/stream', { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  await reader.read();
  return reader;
}

async function endsSoon(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
  const timeout = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 1000));
  for (;;) {
    const next = await Promise.race([reader.read(), timeout]);
    if (next === 'open') return false;
    if (next.done) return true;
  }
}

describe('event streams of ended sessions', () => {
  it('closes the stream of a session that signs out', async () => {
    const user = await t.userWithRole('viewer');
    const reader = await openStream(user.cookie);
    await t.call('DELETE', '/session', { cookie: user.cookie });
    expect(await endsSoon(reader)).toBe(true);
  });

  it('closes every stream of a user an admin disables, and only theirs', async () => {
    const user = await t.userWithRole('reviewer');
    const admin = await t.asAdmin();
    const theirs = await openStream(user.cookie);
    const mine = await openStream(admin);
    await t.call('PATCH', `/users/${user.id}`, { cookie: admin, body: { disabled: true } });
    expect(await endsSoon(theirs)).toBe(true);
    expect(await endsSoon(mine)).toBe(false);
    await mine.cancel();
  });
});
