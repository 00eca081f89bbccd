import type { ApiRoute } from '../api-routes';
import {
  deeplyNested,
  duplicateKeys,
  hostileIds,
  hostileJsonValue,
  hostileQuery,
  hostileStrings,
  jsonWithBadBytes,
  malformedJson,
  prototypeKeyed,
  prototypeNames,
  setOwn,
} from './hostile-values';
import { controlCharacterCase, malformedHttpCase } from './malformed-http';
import type { Prng } from './prng';
import type { FuzzRequest } from './transport';

export type FuzzCase = FuzzRequest & {
  label: string;
  identity: string;
  /** The request breaks HTTP itself, so Node's parser may refuse it before the app sees it (still in the error shape). */
  breaksHttp?: boolean;
};

export type FuzzContext = {
  routes: readonly ApiRoute[];
  /** Real ids by the path segment before the parameter: `runs`, `requests`, `users`, `hooks`, … */
  ids: Record<string, readonly string[]>;
  /** Request headers of each identity, the real ones and some forged ones. */
  identities: Record<string, Record<string, string>>;
  /** Identities whose sessions must outlive the run: never sent to routes that end the caller's session. */
  keepSignedIn: readonly string[];
  /** A valid body for a route, by "METHOD path"; routes without one get generic bodies. */
  templates: Record<string, (prng: Prng) => Record<string, unknown>>;
};

const agentRoutes =
  /^(POST \/api\/v1\/runs|PATCH \/api\/v1\/runs\/:id|POST \/api\/v1\/runs\/:id\/(events|requests)|GET \/api\/v1\/requests\/:id)$/;
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;
const maxBody = 1024 * 1024;

/** Values of `wait` that parse as a number in (0, 60] would hold a pending request open: never sent. */
const holdsOpen = (target: string) => {
  const wait = new URL(`http://x${target}`).searchParams.getAll('wait');
  return wait.some((value) => {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 && n <= 60;
  });
};

function pathFor(
  prng: Prng,
  ctx: FuzzContext,
  route: ApiRoute,
): { path: string; hostile: boolean } {
  let hostile = false;
  const path = route.path.replace(/\/([^/]+)\/:[A-Za-z]+/g, (_, segment: string) => {
    const pool = ctx.ids[segment] ?? [];
    if (pool.length && prng.chance(0.6))
      return `/${segment}/${encodeURIComponent(prng.pick(pool))}`;
    hostile = true;
    return `/${segment}/${prng.pick(hostileIds)}`;
  });
  return { path, hostile };
}

function unknownPath(prng: Prng): string {
  return prng.pick([
    () => `/api/v1/${prng.pick(hostileIds)}`,
    () => '/api/v2/runs',
    () => '/api/v1/runs/run_1/requests/req_1/extra',
    () => '/api/v1/runs/',
    () => '/api/v1//runs',
    () => '/api/v1/RUNS',
    () => `/api/v1/${'a/'.repeat(200)}`,
    () => '/api/v1/users/%2e%2e/%2e%2e/session',
    () => '/api/v1/hooks/',
    () => '/api/',
    () => '/api',
  ])();
}

/** Sets `value` at a random place in a copy of `template`: a top-level field, or one level down. */
export function mutate(prng: Prng, template: Record<string, unknown>): unknown {
  const copy = structuredClone(template);
  const keys = Object.keys(copy);
  const action = prng.int(0, 9);
  if (action === 0 && keys.length) {
    delete copy[prng.pick(keys)];
    return copy;
  }
  if (action === 1) {
    setOwn(
      copy,
      prng.pick([
        ...prototypeNames,
        'id',
        'role',
        'answeredBy',
        'status',
        'sourceId',
        prng.pick(hostileStrings.slice(0, 20)),
      ]),
      hostileJsonValue(prng),
    );
    return copy;
  }
  if (action === 2) return [copy];
  if (action === 3 && keys.length) {
    copy[prng.pick(keys)] = 'A'.repeat(prng.pick([501, 5001, 100_001, 900_000]));
    return copy;
  }
  if (action === 4 && keys.length) {
    const key = prng.pick(keys);
    const inner = copy[key];
    if (inner && typeof inner === 'object') {
      const innerKeys = Object.keys(inner);
      const target = inner as Record<string, unknown>;
      if (innerKeys.length) target[prng.pick(innerKeys)] = hostileJsonValue(prng);
      else target[prng.pick(hostileStrings.slice(0, 20))] = hostileJsonValue(prng);
      return copy;
    }
  }
  if (keys.length) copy[prng.pick(keys)] = hostileJsonValue(prng);
  return copy;
}

type Body = { bytes?: Buffer; contentType?: string; label: string; breaksHttp?: boolean };

function bodyFor(prng: Prng, template: Record<string, unknown> | null): Body {
  const valid = template ?? { kind: 'tool', title: 'x' };
  const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
  const kind = prng.weighted([
    [8, 'valid'],
    [30, 'mutated'],
    [8, 'any-json'],
    [9, 'malformed'],
    [7, 'duplicate-keys'],
    [7, 'bad-utf8'],
    [5, 'lone-surrogate'],
    [4, 'deep'],
    [8, 'content-type'],
    [1, 'oversized'],
    [5, 'none'],
    [8, 'prototype-names'],
  ] as const);
  switch (kind) {
    case 'valid':
      return { bytes: json(valid), contentType: 'application/json', label: 'valid body' };
    case 'mutated':
      return {
        bytes: json(mutate(prng, valid)),
        contentType: 'application/json',
        label: 'mutated body',
      };
    case 'any-json':
      return {
        bytes: json(hostileJsonValue(prng)),
        contentType: 'application/json',
        label: 'any JSON',
      };
    case 'malformed':
      return {
        bytes: Buffer.from(malformedJson(prng, JSON.stringify(valid)), 'utf8'),
        contentType: 'application/json',
        label: 'malformed JSON',
      };
    case 'duplicate-keys':
      return {
        bytes: Buffer.from(duplicateKeys(prng, valid), 'utf8'),
        contentType: 'application/json',
        label: 'duplicate keys',
      };
    case 'bad-utf8':
      return {
        bytes: jsonWithBadBytes(prng, JSON.stringify(valid)),
        contentType: 'application/json',
        label: 'invalid UTF-8',
      };
    case 'lone-surrogate': {
      const text = JSON.stringify(valid).replace(/"([^"]*)"(?=[,}])/, `"$1\\ud800"`);
      return {
        bytes: Buffer.from(text, 'utf8'),
        contentType: 'application/json',
        label: 'lone surrogate escape',
      };
    }
    case 'deep':
      return {
        bytes: Buffer.from(deeplyNested(prng), 'utf8'),
        contentType: 'application/json',
        label: 'deep nesting',
      };
    case 'content-type':
      return prng.pick([
        () => ({ bytes: json(valid), contentType: 'text/plain', label: 'JSON as text/plain' }),
        () => ({
          bytes: json(valid),
          contentType: 'application/json; charset=utf-16',
          label: 'utf-16 charset',
        }),
        () => ({
          bytes: Buffer.from(JSON.stringify(valid), 'utf16le'),
          contentType: 'application/json; charset=utf-16le',
          label: 'UTF-16 bytes',
        }),
        () => ({
          bytes: Buffer.from(new URLSearchParams({ title: 'x', kind: 'tool' }).toString()),
          contentType: 'application/x-www-form-urlencoded',
          label: 'form body',
        }),
        () => ({
          bytes: Buffer.from(
            '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n',
          ),
          contentType: 'multipart/form-data; boundary=b',
          label: 'multipart body',
        }),
        () => ({ bytes: json(valid), contentType: 'application/xml', label: 'JSON as XML' }),
        () => ({ bytes: json(valid), contentType: ';;;==', label: 'broken content type' }),
        () => ({ bytes: json(valid), contentType: undefined, label: 'no content type' }),
      ])();
    case 'oversized':
      return {
        bytes: Buffer.concat([
          Buffer.from('{"title":"'),
          Buffer.alloc(maxBody + prng.int(1, 4096), 0x41),
          Buffer.from('"}'),
        ]),
        contentType: 'application/json',
        label: 'body over 1 MiB',
      };
    case 'none':
      return { label: 'no body', contentType: prng.chance(0.5) ? 'application/json' : undefined };
    case 'prototype-names':
      return {
        bytes: json(prototypeKeyed(prng, valid)),
        contentType: 'application/json',
        label: 'prototype names as keys',
      };
  }
}

const idempotencyKeys = [
  '',
  ' ',
  'k'.repeat(200),
  'k'.repeat(201),
  'k'.repeat(5000),
  'same-key',
  'ü',
  'a,b',
  '../x',
];
const lastEventIds = [
  '',
  '-1',
  '0',
  '1',
  'abc',
  '1.5',
  '9'.repeat(16),
  '999999999999999',
  ' 1',
  '0x1',
  '1e3',
];
const origins = [
  'null',
  'http://evil.example',
  'https://127.0.0.1',
  'file://',
  '',
  'not a url',
  'http://127.0.0.1:1',
];

function headerNoise(prng: Prng, headers: Record<string, string>): string {
  const labels: string[] = [];
  if (prng.chance(0.2)) {
    headers['Idempotency-Key'] = prng.pick(idempotencyKeys);
    labels.push('idempotency key');
  }
  if (prng.chance(0.15)) {
    headers['Last-Event-ID'] = prng.pick(lastEventIds);
    labels.push('Last-Event-ID');
  }
  if (prng.chance(0.1)) {
    headers.Origin = prng.pick(origins);
    labels.push('Origin');
  }
  if (prng.chance(0.05)) {
    headers.Accept = prng.pick(['text/html', '*/*', 'application/xml', '']);
    labels.push('Accept');
  }
  return labels.join('+');
}

/** Bytes fetch would never send: obs-text in header values, encoded dot segments, broken framing. */
function rawCase(prng: Prng, ctx: FuzzContext, route: ApiRoute, identity: string): FuzzCase {
  const headers: Record<string, string> = { ...ctx.identities[identity] };
  const { path } = pathFor(prng, ctx, route);
  const variant = prng.int(0, 8);
  const base = { method: route.method, target: path, headers, identity, raw: true };
  switch (variant) {
    case 0:
      headers.Authorization = `Bearer ${Buffer.from([0xc0, 0xaf, 0xff, 0x80]).toString('latin1')}`;
      return { ...base, label: 'raw: obs-text bearer token' };
    case 1:
      headers.Cookie = `cs_session=${Buffer.from([0xed, 0xa0, 0x80, 0xe9]).toString('latin1')}`;
      return { ...base, label: 'raw: obs-text cookie' };
    case 2:
      headers['Idempotency-Key'] = Buffer.from([0xe9, 0xff, 0xc0, 0xaf]).toString('latin1');
      return { ...base, method: 'POST', label: 'raw: obs-text idempotency key' };
    case 3:
      return {
        ...base,
        target: prng.pick([
          '/api/v1/runs/%2e%2e/users',
          '/api/v1/runs/../users',
          '/api/v1/requests/..%2f..%2fusers',
          '/api/v1/./me',
          '/api/v1/hooks/%2e%2e%2fsession',
          `/api/v1/runs/${'%2e%2e/'.repeat(20)}etc/passwd`,
        ]),
        label: 'raw: dot segments',
      };
    case 4:
      return { ...base, target: `http://evil.example${path}`, label: 'raw: absolute-form target' };
    case 5:
      headers.Host = prng.pick(['evil.example', '', 'a'.repeat(300), '127.0.0.1:1']);
      headers.Origin = 'http://evil.example';
      return { ...base, label: 'raw: foreign Host and Origin', breaksHttp: headers.Host === '' };
    case 6:
      headers['Transfer-Encoding'] = 'chunked';
      headers['Content-Type'] = 'application/json';
      return {
        ...base,
        method: 'POST',
        body: Buffer.from(
          prng.pick(['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n0\r\n\r\n', '1\r\n{\r\n0\r\n\r\n']),
        ),
        label: 'raw: chunked body',
        breaksHttp: true,
      };
    case 7:
      headers['Content-Length'] = '2';
      headers['Transfer-Encoding'] = 'chunked';
      return {
        ...base,
        method: 'POST',
        body: Buffer.from('{}'),
        label: 'raw: length and chunked',
        breaksHttp: true,
      };
    default:
      headers['X-Padding'] = 'p'.repeat(prng.pick([100, 20_000, 70_000]));
      return { ...base, label: 'raw: oversized headers', breaksHttp: true };
  }
}

/**
 * A DELETE that may reach the session endpoint (after dot segments or encodings are resolved) would end
 * the session of an identity the run relies on and quietly turn it into an anonymous caller.
 */
function keepSessions(ctx: FuzzContext, testCase: FuzzCase): FuzzCase {
  if (testCase.method !== 'DELETE' || !ctx.keepSignedIn.includes(testCase.identity))
    return testCase;
  if (!/session/i.test(testCase.target)) return testCase;
  const headers = Object.fromEntries(
    Object.entries(testCase.headers).filter(([name]) => !/^(authorization|cookie)$/i.test(name)),
  );
  return {
    ...testCase,
    headers,
    identity: 'anonymous',
    label: `${testCase.label} (sent signed out)`,
  };
}

/** The next hostile request: mostly a real route with something wrong in it. */
export function nextCase(prng: Prng, ctx: FuzzContext): FuzzCase {
  const route = prng.pick(ctx.routes);
  // Half the time the caller may use the route, so bodies get past the guards to the validation behind them.
  const identity = prng.chance(0.5)
    ? agentRoutes.test(route.key)
      ? 'agent'
      : 'admin'
    : prng.weighted(
        Object.keys(ctx.identities).map(
          (name) => [ctx.keepSignedIn.includes(name) || name === 'agent' ? 3 : 1, name] as const,
        ),
      );
  if (prng.chance(0.04)) return keepSessions(ctx, rawCase(prng, ctx, route, identity));
  if (prng.chance(0.06)) {
    const base = keepSessions(ctx, {
      method: route.method,
      target: pathFor(prng, ctx, route).path,
      headers: { ...ctx.identities[identity] },
      identity,
      label: `${route.key} as ${identity}`,
    });
    return prng.chance(0.5) ? controlCharacterCase(prng, base) : malformedHttpCase(prng, base);
  }

  const headers: Record<string, string> = { ...ctx.identities[identity] };
  const labels: string[] = [];
  let method: string = route.method;
  if (prng.chance(0.12)) {
    method = prng.pick(methods);
    labels.push(`method ${method}`);
  }
  let target: string;
  if (prng.chance(0.05)) {
    target = unknownPath(prng);
    labels.push('unknown path');
  } else {
    const { path, hostile } = pathFor(prng, ctx, route);
    target = path;
    if (hostile) labels.push('hostile id');
  }
  if (prng.chance(0.25)) {
    target += `?${hostileQuery(prng)}`;
    labels.push('hostile query');
  } else if (route.path.endsWith('/requests/:id') && prng.chance(0.3)) {
    target += `?wait=${prng.pick(['0', '', '-1', '61', 'NaN', 'x', '1e9'])}`;
    labels.push('wait');
  }
  if (holdsOpen(target)) target = target.replace(/wait=[^&]*/g, 'wait=0');

  const noise = headerNoise(prng, headers);
  if (noise) labels.push(noise);

  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const template = ctx.templates[route.key]?.(prng) ?? null;
    const chosen = bodyFor(prng, template);
    body = chosen.bytes;
    if (chosen.contentType !== undefined) headers['Content-Type'] = chosen.contentType;
    labels.push(chosen.label);
  }
  return keepSessions(ctx, {
    method,
    target,
    headers,
    body,
    identity,
    label: `${method} ${route.key.split(' ')[1]} as ${identity}: ${labels.join(', ') || 'plain'}`,
  });
}
