import type { Worker } from '@playwright/test';
import { e2eUsers } from './e2e-server';
import { expect, signIn, test, uniqueTitle } from './fixtures';

test.use({ permissions: ['notifications'] });

/** As much of a service worker's global scope as these checks use (the DOM library does not type it). */
type WorkerScope = {
  registration: ServiceWorkerRegistration;
  dispatchEvent(event: Event): boolean;
  NotificationEvent: new (
    type: string,
    init: { notification: Notification; action: string },
  ) => Event;
};

type Shown = { title: string; body: string; tag: string; actions: string[] };

/** The notifications the service worker shows now, read inside it. */
function shownNotifications(worker: Worker): Promise<Shown[]> {
  return worker.evaluate(async () => {
    const sw = self as unknown as WorkerScope;
    const list = await sw.registration.getNotifications();
    return list.map((n: Notification) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: ((n as unknown as { actions?: { action: string }[] }).actions ?? []).map(
        (a) => a.action,
      ),
    }));
  });
}

/**
 * A click on a notification's action, dispatched in the worker. A synthetic event may not extend its
 * lifetime (waitUntil throws when the browser did not dispatch it), so this event's waitUntil collects
 * the work, and the call returns once the handler's work is done.
 */
function clickAction(worker: Worker, tag: string, action: string): Promise<void> {
  return worker.evaluate(
    async ({ tag, action }) => {
      const sw = self as unknown as WorkerScope;
      const [notification] = await sw.registration.getNotifications({ tag });
      if (!notification) throw new Error(`no notification tagged ${tag}`);
      const event = new sw.NotificationEvent('notificationclick', { notification, action });
      const work: Promise<unknown>[] = [];
      Object.defineProperty(event, 'waitUntil', { value: (p: Promise<unknown>) => work.push(p) });
      sw.dispatchEvent(event);
      await Promise.all(work);
    },
    { tag, action },
  );
}

test('a push shows a notification, and its Approve answers the request for the waiting agent', async ({
  page,
  agent,
}) => {
  const cdp = await page.context().newCDPSession(page);
  const registrations: string[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
    for (const r of updated) if (!r.isDeleted) registrations.push(r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');

  await signIn(page, 'reviewer');
  await page.goto('/');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/');
  const worker = page
    .context()
    .serviceWorkers()
    .find((w) => w.url().endsWith('/sw.js'));
  expect(worker, 'the service worker runs').toBeDefined();
  await expect.poll(() => registrations.length).toBeGreaterThan(0);

  const title = uniqueTitle('Pushed refund');
  const run = await agent.createRun({ title });
  const request = await agent.ask(run.id, {
    kind: 'tool',
    tool: 'refund_order',
    input: { amount: 240 },
  });
  const waiting = agent.waitForAnswer(request, { timeoutMs: 20_000 });

  // What the push channel sends for this request (see domain/push/push-payload.ts), delivered by the
  // browser's own push path; markup in it stays text.
  const payload = {
    title,
    body: 'Run refund_order\namount: 240 <b>not bold</b>',
    url: `/runs/${run.id}`,
    requestId: request.id,
    actions: [
      { action: 'approve', title: 'Approve' },
      { action: 'deny', title: 'Deny' },
    ],
  };
  const origin = new URL(page.url()).origin;
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: registrations.at(-1)!,
    data: JSON.stringify(payload),
  });
  const tag = `request:${request.id}`;
  await expect
    .poll(() => shownNotifications(worker!))
    .toEqual([{ title, body: payload.body, tag, actions: ['approve', 'deny'] }]);

  await clickAction(worker!, tag, 'approve');
  const answered = await waiting;
  expect(answered.status).toBe('answered');
  expect(answered.response).toMatchObject({ decision: 'approve' });
  expect(answered.answeredBy).toBe(e2eUsers.reviewer.username);

  // Deny on a notification of the same request now loses the race: it says who answered.
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: registrations.at(-1)!,
    data: JSON.stringify(payload),
  });
  await expect.poll(async () => (await shownNotifications(worker!)).length).toBe(1);
  await clickAction(worker!, tag, 'deny');
  await expect
    .poll(() => shownNotifications(worker!))
    .toEqual([
      expect.objectContaining({
        title: 'Already answered',
        body: expect.stringContaining(e2eUsers.reviewer.username),
      }),
    ]);
});
