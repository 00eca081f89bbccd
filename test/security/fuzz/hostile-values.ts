import type { Prng } from './prng';

const loneHigh = '\ud800';
const loneLow = '\udfff';

/** Strings that have broken parsers, databases and loggers before. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  loneHigh,
  loneLow,
  `x${loneHigh}y`,
  `${loneLow}${loneHigh}`,
  '\ufeff',
  '\u202e\u0644\u0627',
  '\u{1F4A9}'.repeat(50),
  'e\u0301'.repeat(100),
  '%00%2e%2e%2f',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  "' OR 1=1 --",
  '"; DROP TABLE runs; --',
  '${7*7}{{7*7}}<%= 7*7 %>',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'undefined',
  'true',
  '0x7fffffff',
  '9'.repeat(400),
  'A'.repeat(64),
  'A'.repeat(65),
  'A'.repeat(101),
  'A'.repeat(201),
  'A'.repeat(501),
  'A'.repeat(5001),
  'A'.repeat(100_001),
  'run_',
  'req_../../x',
  'usr_%2F..',
  '\\u0000',
  '\r\nSet-Cookie: cs_session=evil',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  'https://' + 'a'.repeat(2100) + '.example',
  'ftp://example.com/',
  '2026-02-30T25:61:61Z',
  '0000-00-00T00:00:00Z',
  '2099-01-01T00:00:00+99:00',
];

/** Names Object.prototype has: agents and platforms choose keys, so these must stay ordinary keys. */
export const prototypeNames = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
] as const;

/** Sets `key` as an own property, as JSON.parse does: `obj.__proto__ = v` would set the prototype instead. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Keys that carry names agents and platforms choose: field names, question and batch ids, event types. */
const chosenNameKeys =
  /^(name|id|questionId|question_id|batch_id|request_id|requestId|type|event|event_type|status|header|question)$/;

/**
 * A copy of `value` where prototype names appear where agent or platform strings become keys: as extra
 * own keys of objects (metadata, tool input, answered fields, webhook data) and as names and ids.
 */
export function prototypeKeyed(prng: Prng, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => prototypeKeyed(prng, item));
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const renamed = typeof inner === 'string' && chosenNameKeys.test(key) && prng.chance(0.6);
    setOwn(copy, key, renamed ? prng.pick(prototypeNames) : prototypeKeyed(prng, inner));
  }
  if (prng.chance(0.5)) setOwn(copy, prng.pick(prototypeNames), prng.pick(['x', {}, { a: 1 }, 1]));
  return copy;
}

/** JSON values of every type, including the ones JSON.parse yields for extreme literals. */
export function hostileJsonValue(prng: Prng, depth = 0): unknown {
  const choice = prng.int(0, depth > 3 ? 9 : 14);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return prng.chance(0.5);
    case 2:
      return prng.pick([0, -0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324, 4294967296]);
    case 3:
    case 4:
    case 5:
      return prng.pick(hostileStrings);
    case 6:
      return [];
    case 7:
      return {};
    case 8:
      return prng.pick(['approve', 'deny', 'revise', 'reject', 'handback', 'stop', 'tool', 'plan']);
    case 9:
      return prng.pick(['viewer', 'reviewer', 'admin', 'owner', 'ADMIN', 'root']);
    case 10:
    case 11:
      return Array.from({ length: prng.int(1, 4) }, () => hostileJsonValue(prng, depth + 1));
    default: {
      const value: Record<string, unknown> = {};
      for (let i = prng.int(1, 4); i > 0; i -= 1) {
        setOwn(
          value,
          prng.pick([...hostileStrings.slice(0, 30), ...prototypeNames, 'kind', 'id', 'type']),
          hostileJsonValue(prng, depth + 1),
        );
      }
      return value;
    }
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` as text, deeper than any sane body. */
export function deeplyNested(prng: Prng): string {
  const depth = prng.pick([65, 100, 1000, 10_000, 100_000]);
  return prng.chance(0.5)
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Byte sequences that are not valid UTF-8: overlong encodings, lone continuation bytes, encoded surrogates, truncation. */
export const badUtf8: readonly Buffer[] = [
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xf0, 0x80, 0x80, 0xaf]),
  Buffer.from([0xc1, 0xbf]),
  Buffer.from([0x80]),
  Buffer.from([0xbf, 0xbf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xed, 0xbf, 0xbf]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xff]),
];

/** A JSON body text with invalid UTF-8 bytes spliced into a string value or between tokens. */
export function jsonWithBadBytes(prng: Prng, validJson: string): Buffer {
  const bad = prng.pick(badUtf8);
  const quote = validJson.indexOf('"', 2);
  const at = prng.chance(0.7) && quote > 0 ? quote : prng.int(0, validJson.length);
  return Buffer.concat([
    Buffer.from(validJson.slice(0, at), 'utf8'),
    bad,
    Buffer.from(validJson.slice(at), 'utf8'),
  ]);
}

/** Texts that are not one JSON value: truncated, trailing garbage, JavaScript-isms, other encodings. */
export function malformedJson(prng: Prng, validJson: string): string {
  return prng.pick([
    () => validJson.slice(0, prng.int(1, Math.max(1, validJson.length - 1))),
    () => `${validJson}}`,
    () => `${validJson}${validJson}`,
    () => validJson.replace(/"/g, "'"),
    () => validJson.replace(/:/, ''),
    () => `\ufeff${validJson}`,
    () => `/* c */${validJson}`,
    () => `{title: "x"}`,
    () => '{"a":1,}',
    () => '[1,2,]',
    () => '{"a":NaN}',
    () => '{"a":Infinity}',
    () => '{"a":undefined}',
    () => '{"a":01}',
    () => '{"a":"\\x41"}',
    () => '{"a":"\\ud800"}',
    () => '{"a":"\\uZZZZ"}',
    () => '{"a":"unterminated',
    () => '\u0000',
    () => 'null',
    () => 'true',
    () => '42',
    () => '"a string"',
    () => '[]',
    () => '[{}]',
    () => ' ',
    () => 'title=x&customer=y',
  ])();
}

/** The same key twice in one object: JSON.parse keeps the last, other parsers the first. */
export function duplicateKeys(prng: Prng, valid: Record<string, unknown>): string {
  const keys = Object.keys(valid);
  const key = keys.length ? prng.pick(keys) : 'kind';
  const body = JSON.stringify(valid).slice(1, -1);
  const other = JSON.stringify(hostileJsonValue(prng));
  return prng.chance(0.5)
    ? `{${body}${body ? ',' : ''}${JSON.stringify(key)}:${other}}`
    : `{${JSON.stringify(key)}:${other}${body ? ',' : ''}${body}}`;
}

export const hostileIds: readonly string[] = [
  '',
  '.',
  '..',
  '%2e%2e',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fapi%2fv1%2fusers',
  '..%5c..%5cwindows',
  '%00',
  'run_%00',
  '%ff',
  '%c0%af',
  '%ed%a0%80',
  '%',
  '%zz',
  '%%32%65',
  'native',
  'NATIVE',
  'run_' + 'a'.repeat(60),
  'x'.repeat(65),
  'x'.repeat(5000),
  '%F0%9F%92%A9',
  "'%20OR%201=1",
  '%3Cscript%3E',
  '1',
  '-1',
  '0',
  'null',
  '__proto__',
  'constructor',
  'usr_admin',
];

/** Query strings for any route: wrong types, limits out of range, repeated and broken escapes. */
export function hostileQuery(prng: Prng): string {
  const key = prng.pick([
    'limit',
    'cursor',
    'status',
    'kind',
    'source',
    'q',
    'sort',
    'wait',
    'lastEventId',
    'actor',
    'action',
    'from',
    'to',
    'runId',
    'format',
    '__proto__',
    'a[b]',
    '',
  ]);
  const value = prng.pick([
    '',
    '-1',
    '0',
    '501',
    '1e999',
    'NaN',
    'abc',
    '0x10',
    '61',
    '-0.5',
    '1.5',
    'waiting,finished,bogus',
    'finished',
    'tool',
    'nope',
    'urgency',
    'csv',
    'xml',
    '2026-13-45',
    '%',
    '%zz',
    '%00',
    '%ed%a0%80',
    '%c0%af',
    '%F0%9F%92%A9',
    'a'.repeat(201),
    'a'.repeat(5000),
    '..%2F..%2F',
    '%3Cscript%3E',
    '99999999999999999999',
  ]);
  const pairs = [`${key}=${value}`];
  if (prng.chance(0.3)) pairs.push(`${key}=${prng.pick(['1', '2', 'x'])}`);
  if (prng.chance(0.1)) pairs.push('&&==&');
  return pairs.join('&');
}
