import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../testing/test-app';
import { createLogger, escapeLogText } from './logger';

/** What the logger writes to stdout and stderr while `run` runs, as text. */
async function logOutput(run: () => Promise<unknown> | void): Promise<string> {
  const written: string[] = [];
  const keep = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return written.join('');
}

const entryStart = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARN|ERROR) /;
// Everything a forged entry could be made of: line breaks of every kind, NUL, ESC, DEL, C1 and bidi.
// eslint-disable-next-line no-control-regex -- control characters are what this test looks for
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/u;

afterEach(() => vi.restoreAllMocks());

describe('logger', () => {
  it('logs a request whose path forges a line as one escaped line', async () => {
    const t = await createTestApp({ logger: createLogger('info') });
    const paths = [
      '/api/v1/x%0A2001-01-01T00:00:00.000Z%20ERROR%20forged',
      '/api/v1/x%0D%0A2001-01-01T00:00:00.000Z%20ERROR%20forged',
      '/api/v1/x%E2%80%A82001-01-01T00:00:00.000Z%20ERROR%20forged',
      '/api/v1/a%00b%1B[31mred%7F%C2%85%E2%80%AEevil',
    ];
    const output = await logOutput(async () => {
      for (const path of paths) expect((await t.app.request(path)).status).toBe(404);
    });
    await t.close();

    const lines = output.split('\n').filter(Boolean);
    expect(lines).toHaveLength(paths.length);
    for (const line of lines) {
      expect(line).toMatch(entryStart);
      expect(line).not.toMatch(controls);
    }
    expect(lines[0]).toContain('GET /api/v1/x\\n2001-01-01T00:00:00.000Z ERROR forged 404');
    expect(lines[1]).toContain('/api/v1/x\\r\\n2001');
    expect(lines[2]).toContain('/api/v1/x\\u20282001');
    expect(lines[3]).toContain('/api/v1/a\\x00b\\x1b[31mred\\x7f\\x85\\u202eevil');
  });

  it('escapes control characters in field names and values, and keeps them valid JSON', async () => {
    const fields = {
      path: 'a\nb\u0000c\u2028d\u007fe\u009bf\u2066',
      'key\r\nERROR forged': ['\u001b[2J', '\ud800'],
    };
    const output = await logOutput(() => createLogger('info').error('Boom\r\nINFO fake', fields));
    expect(output.endsWith('\n')).toBe(true);
    const line = output.slice(0, -1);
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(controls);
    expect(line).toMatch(/ ERROR Boom\\r\\nINFO fake \{/);
    expect(JSON.parse(line.slice(line.indexOf('{')))).toEqual(fields);
  });

  it('writes every unsafe character as an escape that tells them apart', () => {
    expect(escapeLogText('plain text: /api/v1/runs?q=ü 💩')).toBe(
      'plain text: /api/v1/runs?q=ü 💩',
    );
    expect(escapeLogText('a\\nb')).toBe('a\\\\nb');
    expect(escapeLogText('a\nb\tc\u0000\u001b\u007f\u0085\u2029\udfff')).toBe(
      'a\\nb\\tc\\x00\\x1b\\x7f\\x85\\u2029\\udfff',
    );
  });

  it('survives fields JSON cannot write', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const output = await logOutput(() =>
      createLogger('info').info('still logged', { circular, big: 1n }),
    );
    expect(output).toMatch(/ INFO still logged \{"unloggableFields":/);
  });
});
