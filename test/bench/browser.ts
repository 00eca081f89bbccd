import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import type { BenchServer } from './bench-server';

const probesPath = fileURLToPath(new URL('./page-probes.js', import.meta.url));

/** STACK.md's flags: Debian's Chromium, kept from calling out to the closed network. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const chromiumPath = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}

/** A fresh browser context (empty cache) signed in as the admin through the session cookie. */
export async function signedInContext(
  browser: Browser,
  server: BenchServer,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport });
  await context.addCookies([
    {
      name: 'cs_session',
      value: server.sessionToken,
      url: server.url,
      httpOnly: true,
      sameSite: 'Strict',
    },
  ]);
  return context;
}

/**
 * A page with window.__bench (page-probes.js) installed before any of the app's scripts run. The probes
 * live in a plain script file because functions compiled by tsx carry helpers the page does not have.
 */
export async function probedPage(context: BrowserContext, ...initScripts: string[]): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript({ path: probesPath });
  for (const content of initScripts) await page.addInitScript({ content });
  return page;
}

/** Fails the suite on any uncaught error in the page rather than measuring a broken app. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export type ClockSync = { offsetMs: number; uncertaintyMs: number };

/**
 * The page's clock (performance.timeOrigin + now()) minus this process's, from the round trip with the
 * smallest delay (as NTP does): both read the same monotonic clock, so the offset holds while the page lives.
 */
export async function syncClock(page: Page, rounds = 25): Promise<ClockSync> {
  let best: ClockSync = { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < rounds; i++) {
    const before = performance.timeOrigin + performance.now();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) {
      best = { offsetMs: pageTime - (before + after) / 2, uncertaintyMs };
    }
  }
  return best;
}

export type PaintTimes = { mutationMs: number; rafMs: number; paintMs: number };

/** What page-probes.js puts on window. */
type BenchProbes = {
  clicks: { nowMs: number; eventMs: number }[];
  keys: { key: string; nowMs: number; eventMs: number }[];
  afterNextPaint(): Promise<{ rafMs: number; paintMs: number }>;
  whenText(selector: string, text: string, timeoutMs?: number): Promise<PaintTimes>;
  whenChanged(selector: string, timeoutMs?: number): Promise<PaintTimes>;
  watchRows(gridSelector: string, timeoutMs?: number): void;
  rowsChanged: Promise<PaintTimes> | null;
  recordScriptsWhen(selector: string, text?: string): void;
  scrollFrames(
    durationMs: number,
    pixelsPerFrame: number,
  ): Promise<{ frames: number[]; scrollY: number }>;
};

declare global {
  interface Window {
    __bench: BenchProbes;
    __benchLoaded?: { scripts: string[]; readyMs: number };
  }
}
