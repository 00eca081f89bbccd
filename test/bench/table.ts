import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Figure, verdict } from './figures';

function formatValue(figure: Figure): string {
  const { value, unit } = figure;
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const shown = value.toLocaleString('en-US', {
    minimumFractionDigits: unit === 'score' ? 2 : 0,
    maximumFractionDigits: unit === 'score' ? 2 : digits,
  });
  return unit === 'score' ? shown : `${shown} ${unit}`;
}

export type TableRow = {
  what: string;
  figure: string;
  bar: string;
  verdict: string;
  detail: string;
};

export function tableRows(figures: readonly Figure[]): TableRow[] {
  return figures.map((figure) => ({
    what: figure.what,
    figure: formatValue(figure),
    bar: figure.bar?.text ?? '',
    verdict: verdict(figure),
    detail: figure.detail ?? '',
  }));
}

/** A plain-text table that lines up in a terminal. */
export function formatTable(figures: readonly Figure[]): string {
  const header: TableRow = {
    what: 'measurement',
    figure: 'figure',
    bar: 'bar (PRODUCT §8)',
    verdict: 'verdict',
    detail: 'detail',
  };
  const rows = [header, ...tableRows(figures)];
  const columns = ['what', 'figure', 'bar', 'verdict', 'detail'] as const;
  const widths = columns.map((column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: TableRow) =>
    columns
      .map((column, i) =>
        column === 'figure' ? row[column].padStart(widths[i]!) : row[column].padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.slice(1).map(line)].join('\n');
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Raw samples of one suite, for looking into a figure: bench-results/samples/<name>.json. */
export function saveSamples(name: string, samples: unknown): Promise<void> {
  return writeJson(`bench-results/samples/${name}.json`, samples);
}
