import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import type { BenchServer } from './bench-server';
import { probedPage, signedInContext, watchPageErrors } from './browser';
import { bars, type Figure } from './figures';
import { seedRuns } from './seed';

type Loaded = { scripts: string[]; readyMs: number };

async function measurePage(
  browser: Browser,
  server: BenchServer,
  path: string,
  selector: string,
  text?: string,
) {
  const context = await signedInContext(browser, server);
  const page = await probedPage(
    context,
    `window.__bench.recordScriptsWhen(${JSON.stringify(selector)}, ${JSON.stringify(text)})`,
  );
  const errors = watchPageErrors(page);
  await page.goto(path);
  await page.waitForFunction(() => window.__benchLoaded !== undefined, null, { timeout: 20_000 });
  const loaded = (await page.evaluate(() => window.__benchLoaded)) as Loaded;
  await context.close();
  if (errors.length) throw new Error(`${path}: ${errors.join('; ')}`);
  const urls = [...new Set(loaded.scripts)];
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { count: urls.length, raw: raw / 1000, gzip: gzip / 1000, readyMs: loaded.readyMs };
}

/**
 * JavaScript the browser fetches from the production build before the page first shows its content
 * (inbox: its first row; run page: an answer card's button), raw and gzip (zlib's default level).
 */
export async function firstLoadJs(server: BenchServer, browser: Browser): Promise<Figure[]> {
  const [run] = await seedRuns(server, 20, { titlePrefix: 'First load', kind: 'plan' });
  const inbox = await measurePage(browser, server, '/', '[role="grid"] [role="row"]');
  const runPage = await measurePage(
    browser,
    server,
    `/runs/${run!.runId}`,
    'button',
    'Approve plan',
  );
  const suite = 'first-load-js';
  const detail = (m: typeof inbox) =>
    `${m.count} scripts (raw ${m.raw.toFixed(1)} kB); content shown at ${m.readyMs.toFixed(0)} ms`;
  return [
    {
      suite,
      what: 'Inbox first-load JS, gzip',
      value: inbox.gzip,
      unit: 'kB',
      bar: bars.inboxJsGzip,
      detail: detail(inbox),
    },
    { suite, what: 'Inbox first-load JS, raw', value: inbox.raw, unit: 'kB' },
    {
      suite,
      what: 'Run page first-load JS, gzip',
      value: runPage.gzip,
      unit: 'kB',
      detail: detail(runPage),
    },
    { suite, what: 'Run page first-load JS, raw', value: runPage.raw, unit: 'kB' },
  ];
}
