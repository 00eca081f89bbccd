import type { Browser } from '@playwright/test';
import { benchAgentToken, type BenchServer } from './bench-server';
import { type PaintTimes, probedPage, signedInContext, watchPageErrors } from './browser';
import { bars, type Figure } from './figures';
import { seedRuns } from './seed';
import { sleep, spread } from './stats';

const warmup = 10;
const samples = 200;
// The app merges refetches of one query that come within 250 ms (plus one trailing refetch); spacing
// requests past that window measures each push on its own, as sparse real arrivals are.
const spacingMs = [520, 600] as const;

type Sample = PaintTimes & { sentMs: number; respondedMs: number; status: number };

/**
 * An agent's POST of a request → the run's row painted in an inbox already open in Chromium. The POST is
 * sent from the page (fetch with the agent token), so sending and painting are timed on one clock.
 */
export async function pushLatency(server: BenchServer, browser: Browser): Promise<Figure[]> {
  await seedRuns(server, 50, { titlePrefix: 'Already waiting', kind: 'plan' });
  const targets = await seedRuns(server, warmup + samples, { titlePrefix: 'Pushed' });

  const context = await signedInContext(browser, server);
  const page = await probedPage(context);
  const errors = watchPageErrors(page);
  await page.goto('/');
  await page.locator('[role="grid"] [role="row"]').first().waitFor();
  await page.getByText('Live', { exact: true }).waitFor();
  await sleep(1000);

  const soonest = Date.now() + 2 * 60 * 60 * 1000;
  const latencies: number[] = [];
  const domUpdates: number[] = [];
  const responses: number[] = [];
  for (const [i, target] of targets.entries()) {
    // Each new request expires sooner than any before it, so its run sorts to the top of the inbox.
    const body = JSON.stringify({
      kind: 'plan',
      plan: `Plan for ${target.title}`,
      expiresAt: new Date(soonest - i * 1000).toISOString(),
    });
    const sample: Sample = await page.evaluate(
      async ({ runId, title, token, body }) => {
        const painted = window.__bench.whenText('[role="grid"]', title, 10_000);
        const sentMs = performance.now();
        const response = fetch(`/api/v1/runs/${runId}/requests`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body,
        }).then((res) => ({ status: res.status, respondedMs: performance.now() }));
        return { sentMs, ...(await painted), ...(await response) };
      },
      { runId: target.runId, title: target.title, token: benchAgentToken, body },
    );
    if (sample.status !== 201) throw new Error(`Creating a request answered ${sample.status}`);
    if (i >= warmup) {
      latencies.push(sample.paintMs - sample.sentMs);
      domUpdates.push(sample.mutationMs - sample.sentMs);
      responses.push(sample.respondedMs - sample.sentMs);
    }
    const wait = spacingMs[0] + Math.random() * (spacingMs[1] - spacingMs[0]);
    await sleep(Math.max(0, wait - (sample.paintMs - sample.sentMs)));
  }
  await context.close();
  if (errors.length) throw new Error(`Page errors: ${errors.join('; ')}`);

  const painted = spread(latencies);
  const dom = spread(domUpdates);
  const post = spread(responses);
  const suite = 'push';
  return [
    {
      suite,
      what: 'Push: agent POST → row painted, p95',
      value: painted.p95,
      unit: 'ms',
      bar: bars.pushP95,
      detail: `p50 ${painted.p50.toFixed(0)}, p99 ${painted.p99.toFixed(0)}, max ${painted.max.toFixed(0)} ms; n=${painted.n}; DOM updated p50 ${dom.p50.toFixed(0)} ms; POST answered p50 ${post.p50.toFixed(1)} ms`,
    },
    { suite, what: 'Push: agent POST → row painted, p50', value: painted.p50, unit: 'ms' },
    { suite, what: 'Push: agent POST → row painted, p99', value: painted.p99, unit: 'ms' },
  ];
}
