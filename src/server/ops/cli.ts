/** What the operator commands share: a line of output, and a failure said plainly with exit code 1. */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export async function runCommand(usage: string, work: (args: string[]) => Promise<void>) {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    say(usage);
    return;
  }
  try {
    await work(args);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

export function countsTable(counts: Record<string, number>): string {
  const width = Math.max(...Object.keys(counts).map((t) => t.length));
  return Object.entries(counts)
    .map(([table, count]) => `  ${table.padEnd(width)}  ${count}`)
    .join('\n');
}

export const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
