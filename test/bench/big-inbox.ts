import type { Browser, Page } from '@playwright/test';
import type { BenchServer } from './bench-server';
import { type PaintTimes, probedPage, signedInContext, watchPageErrors } from './browser';
import { bars, type Figure } from './figures';
import { median, percentile, sleep, spread } from './stats';
import { saveSamples } from './table';

export const bigInboxRuns = 10_000;
export const bigInboxTitle = 'Inbox run';
const loads = 5;
const scrollMs = 5000;
const scrollPixelsPerFrame = 400;
const filterCycles = 20;
// The search box commits to the URL (and the server query) 250 ms after typing stops.
const settleMs = 700;

async function firstRowAfterData(page: Page) {
  await page.goto('/');
  return page.evaluate(async () => {
    const painted = await (window as unknown as { __benchFirstRow: Promise<PaintTimes> })
      .__benchFirstRow;
    const list = performance
      .getEntriesByType('resource')
      .find((e) => e.name.includes('/api/v1/runs?') && e.name.includes('status=waiting')) as
      PerformanceResourceTiming | undefined;
    return { ...painted, dataMs: list?.responseEnd ?? Number.NaN };
  });
}

/** Frame intervals while the page does nothing, to learn the display's frame period here. */
async function idleFramePeriod(page: Page): Promise<number> {
  const { frames } = await page.evaluate(() => window.__bench.scrollFrames(1000, 0));
  return median(frames.slice(1).map((t, i) => t - frames[i]!));
}

async function keystroke(page: Page, key: string) {
  await page.evaluate(() => window.__bench.watchRows('[role="grid"]', 5000));
  await page.keyboard.press(key);
  const times = await page.evaluate(() => window.__bench.rowsChanged!);
  const pressed = await page.evaluate(() => {
    const last = window.__bench.keys.at(-1)!;
    return Math.min(last.nowMs, last.eventMs);
  });
  return times.paintMs - pressed;
}

/** 10,000 waiting runs: first rows painted after the data arrives, a fast scroll, and filter keystrokes. */
export async function bigInbox(server: BenchServer, browser: Browser): Promise<Figure[]> {
  const context = await signedInContext(browser, server);
  const page = await probedPage(
    context,
    `window.__benchFirstRow = window.__bench.whenText('[role="grid"] [role="row"]', '', 30000)`,
  );
  const errors = watchPageErrors(page);

  await firstRowAfterData(page);
  const paints: number[] = [];
  for (let i = 0; i < loads; i++) {
    const load = await firstRowAfterData(page);
    paints.push(load.paintMs - load.dataMs);
  }
  await page.getByText('Live', { exact: true }).waitFor();
  await sleep(500);

  const framePeriod = await idleFramePeriod(page);
  const scroll = await page.evaluate(({ ms, px }) => window.__bench.scrollFrames(ms, px), {
    ms: scrollMs,
    px: scrollPixelsPerFrame,
  });
  const intervals = scroll.frames.slice(1).map((t, i) => t - scroll.frames[i]!);
  const dropped = intervals.reduce(
    (sum, dt) => sum + Math.max(0, Math.round(dt / framePeriod) - 1),
    0,
  );
  const droppedShare = (100 * dropped) / (intervals.length + dropped);
  // The virtualised grid is as tall as all the rows loaded so far.
  const rowsLoaded = await page.evaluate(
    () => (document.querySelector('[role="grid"]')?.getBoundingClientRect().height ?? 0) / 64,
  );
  const scrolledRows = Math.round(scroll.scrollY / 64);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('#inbox-search').focus();
  await sleep(300);
  const narrowing: number[] = [];
  const widening: number[] = [];
  const digits = '123456789';
  for (let i = 0; i < filterCycles; i++) {
    narrowing.push(await keystroke(page, digits[i % digits.length]!));
    await sleep(settleMs);
    widening.push(await keystroke(page, 'Backspace'));
    await sleep(settleMs);
  }
  await context.close();
  if (errors.length) throw new Error(`Page errors: ${errors.join('; ')}`);
  await saveSamples('big-inbox', { paints, framePeriod, intervals, narrowing, widening });

  const narrow = spread(narrowing);
  const widen = spread(widening);
  const suite = 'big-inbox';
  return [
    {
      suite,
      what: '10k inbox: data arrives → first rows painted',
      value: median(paints),
      unit: 'ms',
      detail: `median of ${loads} loads (max ${Math.max(...paints).toFixed(0)} ms); first page of 200 rows; the ${bigInboxRuns} runs written through the server's domain functions before it started`,
    },
    {
      suite,
      what: '10k inbox: frames dropped in a fast scroll',
      value: droppedShare,
      unit: '%',
      bar: bars.scrollDropped,
      detail: `${dropped} of ${intervals.length + dropped} frames; frame p95 ${percentile(intervals, 95).toFixed(1)} ms (period ${framePeriod.toFixed(1)} ms); ${(((scrollPixelsPerFrame / framePeriod) * 1000) / 64).toFixed(0)} rows/s for ${scrollMs / 1000} s, ${scrolledRows} rows passed, ${Math.round(rowsLoaded)} loaded`,
    },
    {
      suite,
      what: '10k inbox: keystroke narrowing the filter → list painted, p95',
      value: narrow.p95,
      unit: 'ms',
      bar: bars.filterKeystroke,
      detail: `p50 ${narrow.p50.toFixed(1)}, max ${narrow.max.toFixed(0)} ms; n=${narrow.n} (a digit typed into an empty search box)`,
    },
    {
      suite,
      what: '10k inbox: keystroke widening the filter → list painted, p95',
      value: widen.p95,
      unit: 'ms',
      bar: bars.filterKeystroke,
      detail: `p50 ${widen.p50.toFixed(1)}, max ${widen.max.toFixed(0)} ms; n=${widen.n} (Backspace back to an empty box)`,
    },
  ];
}
