import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchServer } from './bench-server';
import { chromiumFlags, chromiumPath } from './browser';
import { bars, type Figure } from './figures';
import { seedRuns } from './seed';
import { median } from './stats';
import { saveSamples } from './table';

const runs = 5;

type Report = {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; numericValue?: number; displayValue?: string }>;
};

/** Audits of `category` that fall short in any report: weighted ones below 1 (accessibility), or with savings. */
function shortfalls(reports: Report[], category: string, weightedOnly: boolean): string[] {
  const ids = new Set<string>();
  for (const report of reports) {
    for (const ref of report.categories[category]?.auditRefs ?? []) {
      const audit = report.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= (weightedOnly ? 1 : 0.9)) continue;
      const savings = audit.displayValue?.startsWith('Est savings') ? audit.displayValue : null;
      if (weightedOnly && ref.weight > 0) ids.add(ref.id);
      if (!weightedOnly && ref.weight === 0 && savings)
        ids.add(`${ref.id} (${savings.replace('Est savings of ', '')})`);
    }
  }
  return [...ids];
}

/** One Lighthouse run (its CLI, in its own process, on Debian's Chromium) on `url`, signed in by cookie. */
async function lighthouse(url: string, cookie: string, outDir: string, n: number): Promise<Report> {
  const output = join(outDir, `report-${n}.json`);
  const args = [
    'node_modules/lighthouse/cli/index.js',
    url,
    '--output=json',
    `--output-path=${output}`,
    '--only-categories=performance,accessibility',
    `--chrome-flags=${chromiumFlags.join(' ')}`,
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    '--quiet',
  ];
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CHROME_PATH: chromiumPath },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => done({ code, stderr }));
  });
  if (code !== 0) throw new Error(`lighthouse exited with ${code}: ${stderr.trim().slice(-500)}`);
  return JSON.parse(await readFile(output, 'utf8')) as Report;
}

/** Lighthouse's default (mobile, simulated throttling) on the signed-in inbox; medians of a few runs. */
export async function lighthouseInbox(server: BenchServer): Promise<Figure[]> {
  await seedRuns(server, 30, { titlePrefix: 'Lighthouse run', kind: 'plan' });
  const outDir = await mkdtemp(join(tmpdir(), 'countersign-lighthouse-'));
  try {
    const reports: Report[] = [];
    for (let n = 0; n < runs; n++) {
      // Now and then Chromium fails to start or hand over its trace; one more try before giving up.
      const once = () => lighthouse(`${server.url}/`, server.cookie, outDir, n);
      reports.push(
        await once().catch((error: unknown) => {
          process.stderr.write(
            `  Lighthouse run ${n + 1} failed, trying again: ${String(error)}\n`,
          );
          return once();
        }),
      );
    }
    const score = (r: Report, category: string) => r.categories[category]?.score ?? Number.NaN;
    const performance = median(reports.map((r) => score(r, 'performance')));
    const accessibility = Math.min(...reports.map((r) => score(r, 'accessibility')));
    const metric = (id: string) =>
      median(reports.map((r) => r.audits[id]?.numericValue ?? Number.NaN));
    // The report closest to the median score, for reading what to improve.
    const typical = reports.reduce((best, r) =>
      Math.abs(score(r, 'performance') - performance) <
      Math.abs(score(best, 'performance') - performance)
        ? r
        : best,
    );
    await saveSamples('lighthouse-report', typical);
    const failing = shortfalls(reports, 'accessibility', true);
    const savings = shortfalls(reports.slice(0, 1), 'performance', false);
    const suite = 'lighthouse';
    return [
      {
        suite,
        what: 'Lighthouse inbox: performance',
        value: performance,
        unit: 'score',
        bar: bars.lighthousePerformance,
        detail: `median of ${runs} (mobile, simulated throttling): FCP ${metric('first-contentful-paint').toFixed(0)} ms, LCP ${metric('largest-contentful-paint').toFixed(0)} ms, TBT ${metric('total-blocking-time').toFixed(0)} ms, CLS ${metric('cumulative-layout-shift').toFixed(3)}${savings.length ? `; to gain: ${savings.join(', ')}` : ''}`,
      },
      {
        suite,
        what: 'Lighthouse inbox: accessibility',
        value: accessibility,
        unit: 'score',
        bar: bars.lighthouseAccessibility,
        detail: failing.length ? `failing audits: ${failing.join(', ')}` : `lowest of ${runs} runs`,
      },
    ];
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
