export type Bar = { op: '<=' | '>='; value: number; text: string };

/** One measured number, with the bar it is held to (from PRODUCT.md §8) when it has one. */
export type Figure = {
  suite: string;
  what: string;
  value: number;
  unit: string;
  bar?: Bar;
  detail?: string;
};

export type Verdict = 'meets' | 'MISSES' | '';

export function verdict(figure: Figure): Verdict {
  const { bar, value } = figure;
  if (!bar) return '';
  if (!Number.isFinite(value)) return 'MISSES';
  return (bar.op === '<=' ? value <= bar.value : value >= bar.value) ? 'meets' : 'MISSES';
}

/** The bars of PRODUCT.md §8, in the units the suites report. */
export const bars = {
  inboxJsGzip: { op: '<=', value: 150, text: '≤ 150 kB gzip' },
  pushP95: { op: '<=', value: 150, text: 'p95 ≤ 150 ms' },
  answerP95: { op: '<=', value: 50, text: 'p95 ≤ 50 ms' },
  filterKeystroke: { op: '<=', value: 50, text: '≤ 50 ms' },
  // "Scrolls smoothly": read here as at most 1 frame in 20 dropped during a fast scroll.
  scrollDropped: { op: '<=', value: 5, text: '≤ 5 % (smooth)' },
  runsThroughput: { op: '>=', value: 3000, text: '≥ 3,000 req/s' },
  streamsRss: { op: '<=', value: 300, text: '≤ 300 MB' },
  streamsFanOut: { op: '<=', value: 500, text: '≤ 500 ms' },
  lighthousePerformance: { op: '>=', value: 0.95, text: '≥ 0.95' },
  lighthouseAccessibility: { op: '>=', value: 1, text: '1.0' },
  historyListP95: { op: '<=', value: 50, text: 'p95 ≤ 50 ms' },
  historySearchP95: { op: '<=', value: 200, text: 'p95 ≤ 200 ms' },
  waitingRss: { op: '<=', value: 1000, text: '≤ 1 GB' },
  waitingAnswerP95: { op: '<=', value: 100, text: 'p95 ≤ 100 ms' },
  processesRatio: { op: '>=', value: 2, text: '≥ 2×' },
  notifyP95: { op: '<=', value: 1000, text: 'p95 ≤ 1 s' },
  noneLost: { op: '<=', value: 0, text: 'none' },
  slackPostP95: { op: '<=', value: 1000, text: 'p95 ≤ 1 s' },
  slackClickP95: { op: '<=', value: 100, text: 'p95 ≤ 100 ms' },
} as const satisfies Record<string, Bar>;
