import type { AddressInfo } from 'node:net';
import type { Browser } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { benchAgentToken, type BenchServer } from './bench-server';
import { signedInContext, watchPageErrors } from './browser';
import { bars, type Figure } from './figures';
import { seedRuns } from './seed';
import { sleep, spread } from './stats';

const warmup = 10;
const samples = 200;
// Sparse arrivals, as a reviewer's notifications are: each one measured on its own.
const spacingMs = 150;

export type MailSink = {
  url: string;
  /** Resolves with performance.now() when a message whose subject contains `text` has been accepted. */
  accepted(text: string): Promise<number>;
  close(): Promise<void>;
};

/** A real SMTP server on loopback that records when each message's DATA was accepted. */
export async function startMailSink(): Promise<MailSink> {
  const waiting = new Map<string, (at: number) => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const at = performance.now();
        const subject = /^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
        for (const [text, resolve] of waiting) {
          if (subject.includes(text)) {
            waiting.delete(text);
            resolve(at);
          }
        }
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: (text) =>
      new Promise<number>((resolve, reject) => {
        waiting.set(text, resolve);
        setTimeout(() => reject(new Error(`No email for ${text} within 10 s`)), 10_000).unref();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An agent's POST of a request → its email accepted by the SMTP server, for an admin who asked for an
 * email per request. Sent and accepted are timed on this process's clock; the server runs in its own.
 */
export async function emailLatency(server: BenchServer, sink: MailSink): Promise<Figure[]> {
  try {
    await server.dashboard('PUT', '/me/notifications', {
      channels: { browser: false, push: false, email: true, slack: false },
      scope: { mode: 'all', kinds: [], sources: [] },
      quietHours: null,
      emailMode: 'each',
      quickActions: false,
      email: 'admin@bench.example',
    });
    const targets = await seedRuns(server, warmup + samples, { titlePrefix: 'Mailed' });
    const latencies: number[] = [];
    for (const [i, target] of targets.entries()) {
      const accepted = sink.accepted(target.title);
      const sent = performance.now();
      await server.agent('POST', `/runs/${target.runId}/requests`, {
        kind: 'tool',
        tool: 'refund_order',
        input: { orderId: `ord_${i}`, amount: 240 },
      });
      const at = await accepted;
      if (i >= warmup) latencies.push(at - sent);
      await sleep(spacingMs);
    }
    const got = spread(latencies);
    return [
      {
        suite: 'email',
        what: 'Email: agent POST → accepted by the SMTP server, p95',
        value: got.p95,
        unit: 'ms',
        bar: bars.notifyP95,
        detail: `p50 ${got.p50.toFixed(0)}, p99 ${got.p99.toFixed(0)}, max ${got.max.toFixed(0)} ms; n=${got.n}`,
      },
    ];
  } finally {
    await sink.close();
  }
}

// Headless Chromium has no desktop and no background tab: the page records when each Notification is
// made (the real constructor still runs) and reports itself hidden, as test/e2e does.
const recordNotifications = `
  (() => {
    const Real = window.Notification;
    const waiting = new Map();
    class Recording extends Real {
      constructor(title, options) {
        super(title, options);
        const at = performance.now();
        const resolve = waiting.get(title);
        if (resolve) { waiting.delete(title); resolve(at); }
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording });
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
    window.__notified = (title) => new Promise((resolve, reject) => {
      waiting.set(title, resolve);
      setTimeout(() => reject(new Error('No notification for ' + title)), 10000);
    });
  })();
`;

/** An agent's POST of a request → the desktop notification made by an open, hidden tab in Chromium. */
export async function desktopLatency(server: BenchServer, browser: Browser): Promise<Figure[]> {
  const targets = await seedRuns(server, warmup + samples, { titlePrefix: 'Notified' });
  const context = await signedInContext(browser, server);
  await context.grantPermissions(['notifications']);
  const page = await context.newPage();
  await page.addInitScript({ content: recordNotifications });
  const errors = watchPageErrors(page);
  await page.goto('/');
  await page.getByText('Live', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Desktop notifications: off' }).click();
  await page.getByRole('button', { name: 'Desktop notifications: on' }).waitFor();

  const latencies: number[] = [];
  for (const [i, target] of targets.entries()) {
    const elapsed = await page.evaluate(
      async ({ runId, title, token, i }) => {
        const notified = (
          window as unknown as { __notified(title: string): Promise<number> }
        ).__notified(title);
        const sent = performance.now();
        const res = await fetch(`/api/v1/runs/${runId}/requests`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            kind: 'tool',
            tool: 'refund_order',
            input: { orderId: `ord_${i}`, amount: 240 },
          }),
        });
        if (res.status !== 201) throw new Error(`Creating a request answered ${res.status}`);
        return (await notified) - sent;
      },
      { runId: target.runId, title: target.title, token: benchAgentToken, i },
    );
    if (i >= warmup) latencies.push(elapsed);
    await sleep(spacingMs);
  }
  await context.close();
  if (errors.length) throw new Error(`Page errors: ${errors.join('; ')}`);
  const got = spread(latencies);
  return [
    {
      suite: 'desktop',
      what: 'Desktop notification: agent POST → shown by a hidden tab, p95',
      value: got.p95,
      unit: 'ms',
      bar: bars.notifyP95,
      detail: `p50 ${got.p50.toFixed(0)}, p99 ${got.p99.toFixed(0)}, max ${got.max.toFixed(0)} ms; n=${got.n}`,
    },
  ];
}
