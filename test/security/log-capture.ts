/**
 * Collects what the in-process server writes to stdout and stderr (its logger writes there) until
 * stopped. The lines are kept, not echoed, so a hostile run does not flood the test output.
 */
export function captureServerOutput() {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk: unknown) => {
    lines.push(
      ...String(chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : chunk)
        .split('\n')
        .filter(Boolean),
    );
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return {
    lines,
    stop() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
