import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { migrateToLatest, openSqlite } from '../db/database';
import { createTestApp } from '../testing/test-app';
import { createLogger, escapeJsonLine, escapeLogText, type LoggerOptions } from './logger';

/** A logger whose finished lines are collected instead of written. */
function collecting(level: Parameters<typeof createLogger>[0], options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger(level, { ...options, write: (line) => lines.push(line) });
  return { logger, lines };
}

// Everything a forged entry could be made of: line breaks of every kind, NUL, ESC, DEL, C1 and bidi.
// eslint-disable-next-line no-control-regex -- control characters are what this test looks for
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/u;

function entries(lines: readonly string[]) {
  return lines.map((line) => {
    expect(line.endsWith('\n')).toBe(true);
    const body = line.slice(0, -1);
    expect(body).not.toContain('\n');
    expect(body).not.toMatch(controls);
    return JSON.parse(body) as Record<string, unknown>;
  });
}

describe('logger', () => {
  it('logs a request whose path forges a line as one JSON line that reads back as the path', async () => {
    const { logger, lines } = collecting('info');
    const t = await createTestApp({ logger });
    const paths = [
      '/api/v1/x%0A2001-01-01T00:00:00.000Z%20ERROR%20forged',
      '/api/v1/x%0D%0A{"level":"error","msg":"forged"}',
      '/api/v1/x%E2%80%A82001-01-01T00:00:00.000Z%20ERROR%20forged',
      '/api/v1/a%00b%1B[31mred%7F%C2%85%E2%80%AEevil',
    ];
    const ids: string[] = [];
    for (const path of paths) {
      const res = await t.app.request(path);
      expect(res.status).toBe(404);
      ids.push(res.headers.get('X-Request-Id')!);
    }
    await t.close();

    const logged = entries(lines);
    expect(logged).toHaveLength(paths.length);
    expect(logged.map((e) => e.msg)).toEqual([
      'GET /api/v1/x\n2001-01-01T00:00:00.000Z ERROR forged 404',
      'GET /api/v1/x\r\n{"level":"error","msg":"forged"} 404',
      'GET /api/v1/x\u20282001-01-01T00:00:00.000Z ERROR forged 404',
      'GET /api/v1/a\u0000b\u001b[31mred\u007f\u0085\u202eevil 404',
    ]);
    expect(logged.map((e) => e.requestId)).toEqual(ids);
    for (const e of logged) expect(e).toMatchObject({ level: 'info', status: 404 });
  });

  it('escapes control characters in field names and values, and keeps them valid JSON', () => {
    const { logger, lines } = collecting('info');
    const fields = {
      path: 'a\nb\u0000c\u2028d\u007fe\u009bf\u2066',
      'key\r\nERROR forged': ['\u001b[2J', 'x'],
    };
    logger.error('Boom\r\nINFO fake', fields);
    const [entry] = entries(lines);
    expect(entry).toMatchObject({ level: 'error', msg: 'Boom\r\nINFO fake', ...fields });
    expect(typeof entry!.time).toBe('string');
    expect(escapeJsonLine('{"a":"\u2028\u0085\u202e"}\n')).toBe('{"a":"\\u2028\\u0085\\u202e"}\n');
  });

  it('writes readable lines in the pretty format, still without raw control characters', () => {
    const { logger, lines } = collecting('info', { format: 'pretty' });
    logger.warn('GET /x\n\u001b[31mred', { path: 'a\u2028b', 'k\r\n': ['\u0000'] });
    const text = lines.join('');
    expect(text).toContain('WARN');
    expect(text).toContain('GET /x\\n\\x1b[31mred');
    expect(text).toContain('a\\u2028b');
    expect(text.replaceAll('\n', '')).not.toMatch(controls);
  });

  it('never writes a secret-named field', () => {
    const { logger, lines } = collecting('info');
    logger.info('signing in', {
      password: 'hunter2',
      headers: { authorization: 'Bearer cs_secret', cookie: 'cs_session=abc' },
      source: { apiKey: 'key-123', webhookSecret: 'whsec-1' },
    });
    expect(lines.join('')).not.toMatch(/hunter2|cs_secret|abc|key-123|whsec-1/);
    expect(entries(lines)[0]).toMatchObject({ password: '[redacted]' });
  });

  it('survives fields JSON cannot write, and leaves out entries below its level', () => {
    const { logger, lines } = collecting('info');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.debug('not written');
    logger.info('still logged', { circular, big: 1n });
    expect(entries(lines)).toEqual([expect.objectContaining({ msg: 'still logged', big: 1 })]);
  });

  it('carries the request id on every line of a request, in the X-Request-Id header and the error body', async () => {
    const { logger, lines } = collecting('info');
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    const app = createApp({ db, logger });
    await db.destroy();
    const res = await app.request('/api/v1/runs', { headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(500);
    const id = res.headers.get('X-Request-Id');
    expect(id).toMatch(/^[\w-]{20,}$/);
    expect(await res.json()).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side', requestId: id },
    });
    const logged = entries(lines);
    expect(logged.map((e) => e.msg)).toEqual(['Unhandled error', 'GET /api/v1/runs 500']);
    for (const e of logged) expect(e.requestId).toBe(id);

    // A proxy's id is kept; one that is too long or holds other characters is replaced.
    const kept = await app.request('/api/v1/nope', { headers: { 'X-Request-Id': 'lb-42_a=' } });
    expect(kept.headers.get('X-Request-Id')).toBe('lb-42_a=');
    expect((await kept.json()).error.requestId).toBe('lb-42_a=');
    for (const bad of ['x'.repeat(101), 'a b', 'a\u0085b']) {
      const replaced = await app.request('/api/v1/nope', { headers: { 'X-Request-Id': bad } });
      expect(replaced.headers.get('X-Request-Id')).not.toBe(bad);
    }
  });

  it('carries the request id on lines the domain writes while serving the request', async () => {
    const { logger, lines } = collecting('info');
    const t = await createTestApp({ logger });
    const source = await t.call('POST', '/sources', {
      cookie: await t.asAdmin(),
      body: {
        kind: 'm8tes',
        name: 'm8tes',
        baseUrl: 'https://m8tes.example',
        secrets: { apiKey: 'k', webhookSecret: 'whsec_x' },
      },
    });
    expect(source.status).toBe(201);
    lines.length = 0;
    const res = await t.app.request(`/api/v1/hooks/${source.body.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    await t.close();
    expect(res.status).toBe(401);
    const logged = entries(lines);
    expect(logged.map((e) => e.msg)).toEqual([
      'Refused a webhook',
      `POST /api/v1/hooks/${source.body.id} 401`,
    ]);
    for (const e of logged) expect(e.requestId).toBe(res.headers.get('X-Request-Id'));
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
});
