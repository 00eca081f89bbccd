import type { FuzzCase } from './cases';
import type { Prng } from './prng';

/** Characters that have forged log lines or split headers: line breaks of every kind, NUL, ESC, DEL, C1. */
const controls = ['\n', '\r', '\r\n', '\u0000', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\t'];
const forged = '2001-01-01T00:00:00.000Z ERROR forged';
// Never `wait`: a number with trailing whitespace still parses and would hold the request open.
const queryKeys = ['q', 'cursor', 'status', 'source', 'actor', 'lastEventId', 'x'];
const headerNames = [
  'User-Agent',
  'X-Forwarded-For',
  'Idempotency-Key',
  'Last-Event-ID',
  'Origin',
  'Referer',
  'X-Request-Id',
];

/** UTF-8 bytes as a latin1 string, the way the raw transport writes a request head. */
const wireText = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/**
 * A control character in the path, the query or a header: percent-encoded through fetch (the app
 * decodes it and must neither crash nor log it raw), or as the bytes themselves over a socket (Node's
 * parser refuses most of them before the app runs).
 */
export function controlCharacterCase(prng: Prng, base: FuzzCase): FuzzCase {
  const char = prng.pick(controls);
  const text = `x${char}${forged}`;
  const shown = JSON.stringify(char);
  switch (prng.int(0, 4)) {
    case 0:
      return {
        ...base,
        // In place of the last segment (often an id the handler looks up), or after it.
        target: prng.chance(0.5)
          ? base.target.replace(/[^/]*$/, encodeURIComponent(text))
          : `${base.target}/${encodeURIComponent(text)}`,
        label: `${base.label}: control ${shown} encoded in the path`,
      };
    case 1:
      return {
        ...base,
        target: `${base.target}?${encodeURIComponent(prng.pick(queryKeys))}=${encodeURIComponent(text)}&${encodeURIComponent(text)}=1`,
        label: `${base.label}: control ${shown} encoded in the query`,
      };
    case 2:
      return {
        ...base,
        raw: true,
        target: `${base.target}${prng.chance(0.5) ? '/' : '?q='}${wireText(text)}`,
        label: `${base.label}: raw control ${shown} in the target`,
        breaksHttp: true,
      };
    case 3:
      return {
        ...base,
        raw: true,
        headers: { ...base.headers, [prng.pick(headerNames)]: wireText(text) },
        label: `${base.label}: raw control ${shown} in a header value`,
        breaksHttp: true,
      };
    default:
      return {
        ...base,
        raw: true,
        headers: { ...base.headers, [wireText(`X-Note${char}`)]: 'v' },
        label: `${base.label}: raw control ${shown} in a header name`,
        breaksHttp: true,
      };
  }
}

type Head = { line: string; headers: string[]; body?: string };

/** Requests whose framing is broken: methods, versions, lengths, line endings and headers HTTP/1.1 forbids. */
const breakers: readonly [string, (target: string, headers: string[]) => Head][] = [
  ['unknown method', (t, h) => ({ line: `BREW ${t} HTTP/1.1`, headers: h })],
  ['lower-case method', (t, h) => ({ line: `get ${t} HTTP/1.1`, headers: h })],
  ['NUL in the method', (t, h) => ({ line: `GE\u0000T ${t} HTTP/1.1`, headers: h })],
  ['WebDAV method', (t, h) => ({ line: `PROPFIND ${t} HTTP/1.1`, headers: h })],
  ['CONNECT', (_, h) => ({ line: 'CONNECT 127.0.0.1:22 HTTP/1.1', headers: h })],
  ['version 9.9', (t, h) => ({ line: `GET ${t} HTTP/9.9`, headers: h })],
  ['version 1.2', (t, h) => ({ line: `GET ${t} HTTP/1.2`, headers: h })],
  ['no version', (t, h) => ({ line: `GET ${t}`, headers: h })],
  ['HTTPS/1.1 version', (t, h) => ({ line: `GET ${t} HTTPS/1.1`, headers: h })],
  ['HTTP/1.0 without Host', (t, h) => ({ line: `GET ${t} HTTP/1.0`, headers: h.slice(1) })],
  ['no Host', (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: h.slice(1) })],
  ['two Hosts', (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: [...h, 'Host: evil.example'] })],
  ['extra spaces', (t, h) => ({ line: `GET  ${t}  HTTP/1.1`, headers: h })],
  ['ftp absolute-form', (t, h) => ({ line: `GET ftp://x${t} HTTP/1.1`, headers: h })],
  [
    'header of 17 KiB',
    (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: [...h, `X-Pad: ${'p'.repeat(17_000)}`] }),
  ],
  [
    'header of 100 KB',
    (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: [...h, `X-Pad: ${'p'.repeat(100_000)}`] }),
  ],
  [
    '3,000 headers',
    (t, h) => ({
      line: `GET ${t} HTTP/1.1`,
      headers: [...h, ...Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`)],
    }),
  ],
  ['space before the colon', (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: [...h, 'X-A : b'] })],
  ['obs-fold', (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: [...h, 'X-A: a', ' folded'] })],
  ['header without a colon', (t, h) => ({ line: `GET ${t} HTTP/1.1`, headers: [...h, 'X-A'] })],
  [
    'length and chunked',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, 'Content-Length: 2', 'Transfer-Encoding: chunked'],
      body: '0\r\n\r\n',
    }),
  ],
  [
    'two lengths',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, 'Content-Length: 2', 'Content-Length: 3'],
      body: '{}',
    }),
  ],
  [
    'negative length',
    (t, h) => ({ line: `POST ${t} HTTP/1.1`, headers: [...h, 'Content-Length: -1'], body: '{}' }),
  ],
  [
    'length not a number',
    (t, h) => ({ line: `POST ${t} HTTP/1.1`, headers: [...h, 'Content-Length: 2x'], body: '{}' }),
  ],
  [
    'length over 2^64',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, `Content-Length: ${'9'.repeat(30)}`],
      body: '{}',
    }),
  ],
  [
    'gzip transfer coding',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, 'Transfer-Encoding: gzip'],
      body: '{}',
    }),
  ],
  [
    'chunked twice',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, 'Transfer-Encoding: chunked, chunked'],
      body: '0\r\n\r\n',
    }),
  ],
  [
    'chunk size overflow',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, 'Transfer-Encoding: chunked'],
      body: `${'f'.repeat(20)}\r\n{}\r\n0\r\n\r\n`,
    }),
  ],
  [
    'long chunk extension',
    (t, h) => ({
      line: `POST ${t} HTTP/1.1`,
      headers: [...h, 'Transfer-Encoding: chunked'],
      body: `2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
    }),
  ],
];

/** A request whose HTTP itself is broken, sent byte for byte. */
export function malformedHttpCase(prng: Prng, base: FuzzCase): FuzzCase {
  const [name, build] = prng.pick(breakers);
  const headers = [
    'Host: 127.0.0.1',
    'Connection: close',
    ...Object.entries(base.headers).map(([key, value]) => `${key}: ${value}`),
  ];
  const head = build(base.target, headers);
  // Line endings broken too, now and then: LF alone, or CR alone after the request line.
  const eol = prng.weighted([
    [8, '\r\n'],
    [1, '\n'],
    [1, '\r'],
  ] as const);
  const text = `${[head.line, ...head.headers].join(eol)}\r\n\r\n${head.body ?? ''}`;
  return {
    ...base,
    raw: true,
    wire: Buffer.from(text, 'latin1'),
    label: `${base.label}: malformed HTTP (${name}${eol === '\r\n' ? '' : `, ${JSON.stringify(eol)} line ends`})`,
    breaksHttp: true,
  };
}
