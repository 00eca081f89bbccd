import type { Browser, Page } from '@playwright/test';
import { startRemoteAgent } from './agent-remote';
import type { BenchServer } from './bench-server';
import { type ClockSync, probedPage, signedInContext, syncClock, watchPageErrors } from './browser';
import { bars, type Figure } from './figures';
import { seedRuns } from './seed';
import { sleep, spread } from './stats';
import { saveSamples } from './table';

const warmup = 10;
const samples = 200;
// Time for the agent's GET to reach the server and start waiting before the reviewer clicks.
const agentHeadStartMs = 200;

const approveButton = (page: Page) =>
  page.getByRole('button', { name: 'Approve plan', exact: true });

/**
 * A reviewer's click on a card's submit button (Approve plan) → the agent's waiting GET returns. The click
 * is timed in the page, the GET's return in the agent's own process; the clocks are matched by round trips.
 */
export async function answerLatency(server: BenchServer, browser: Browser): Promise<Figure[]> {
  const runs = await seedRuns(server, warmup + samples + 5, {
    titlePrefix: 'Answer me',
    kind: 'plan',
  });
  const pending = new Map(runs.map((r) => [r.runId, r.requestId!]));

  const context = await signedInContext(browser, server);
  const page = await probedPage(context);
  const errors = watchPageErrors(page);
  let clock: ClockSync = { offsetMs: 0, uncertaintyMs: 0 };
  const open = async (runId: string) => {
    await page.goto(`/runs/${runId}`);
    await approveButton(page).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    clock = await syncClock(page);
  };
  const currentRunId = () => new URL(page.url()).pathname.split('/').at(-1) ?? '';

  const agent = await startRemoteAgent(server.url);
  const agentOffset = await agent.clockOffset();
  await open(runs[0]!.runId);
  const latencies: number[] = [];
  const syncs: number[] = [];
  const clickToPost: number[] = [];
  const postTimes: number[] = [];
  const raw: Record<string, number>[] = [];
  let revisits = 0;
  for (let i = 0; i < warmup + samples; i++) {
    const runId = currentRunId();
    const requestId = pending.get(runId);
    if (!requestId) throw new Error(`The page is on ${page.url()}, not a waiting bench run`);
    await sleep(150);
    const waiting = agent.waitFor(requestId);
    await sleep(agentHeadStartMs);
    await approveButton(page).click();
    const returned = await waiting;
    const status = returned.status;
    const returnedAt = returned.at - agentOffset;
    if (status !== 'answered') throw new Error(`The agent's GET returned ${status}`);
    const { click, post } = await page.evaluate(async (id) => {
      const last = window.__bench.clicks.at(-1)!;
      let entry: PerformanceResourceTiming | undefined;
      const giveUp = performance.now() + 2000;
      while (!entry && performance.now() < giveUp) {
        entry = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes(`/requests/${id}/response`)) as
          PerformanceResourceTiming | undefined;
        if (!entry) await new Promise((r) => setTimeout(r, 5));
      }
      // The page keeps 250 resource entries at most; start afresh for the next sample.
      performance.clearResourceTimings();
      return {
        click: performance.timeOrigin + last.nowMs,
        post: {
          startMs: performance.timeOrigin + (entry?.startTime ?? Number.NaN),
          endMs: performance.timeOrigin + (entry?.responseEnd ?? Number.NaN),
        },
      };
    }, requestId);
    pending.delete(runId);
    if (i >= warmup) {
      latencies.push(returnedAt - (click - clock.offsetMs));
      syncs.push(clock.uncertaintyMs);
      clickToPost.push(post.startMs - click);
      postTimes.push(post.endMs - post.startMs);
      raw.push({
        latency: returnedAt - (click - clock.offsetMs),
        clickToPost: post.startMs - click,
        post: post.endMs - post.startMs,
        postEndToReturn: returnedAt - (post.endMs - clock.offsetMs),
      });
    }
    // After an answer the app moves on to the next waiting run; if that is not one still pending, go there.
    await page.waitForURL((url) => !url.pathname.endsWith(runId), { timeout: 10_000 });
    const next = currentRunId();
    if (pending.has(next)) {
      await approveButton(page).waitFor();
    } else if (pending.size > 0) {
      revisits++;
      await open(pending.keys().next().value!);
    }
  }
  await context.close();
  agent.stop();
  if (errors.length) throw new Error(`Page errors: ${errors.join('; ')}`);

  await saveSamples('answer', raw);
  const s = spread(latencies);
  const suite = 'answer';
  const sync = spread(syncs);
  const toPost = spread(clickToPost);
  const postSpread = spread(postTimes);
  return [
    {
      suite,
      what: 'Answer: click → agent GET returns, p95',
      value: s.p95,
      unit: 'ms',
      bar: bars.answerP95,
      detail: `p50 ${s.p50.toFixed(1)}, p99 ${s.p99.toFixed(1)}, max ${s.max.toFixed(0)} ms; n=${s.n}; click → POST sent p50/p95 ${toPost.p50.toFixed(1)}/${toPost.p95.toFixed(1)} ms; POST round trip p50/p95 ${postSpread.p50.toFixed(1)}/${postSpread.p95.toFixed(1)} ms; clock sync ±${sync.p50.toFixed(2)} ms${revisits ? `; moved on to a non-waiting run ${revisits}×` : ''}`,
    },
    { suite, what: 'Answer: click → agent GET returns, p50', value: s.p50, unit: 'ms' },
    { suite, what: 'Answer: click → agent GET returns, p99', value: s.p99, unit: 'ms' },
  ];
}
