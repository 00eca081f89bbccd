import type { DeliveryResult, PlatformHttp } from '../connector';
import { objectOrNull } from './webhook-body';

export type PlatformReply = { status: number; body: unknown; text: string; headers: Headers };

/** The platform could not be reached (DNS, refused, timeout): always worth retrying. */
export class PlatformUnreachable extends Error {}

/** More than any documented reply; a platform sending more is broken or hostile, not read to the end. */
export const maxReplyBytes = 5 * 1024 * 1024;

/** The body as text, or a PlatformUnreachable once it passes `maxBytes` (the rest is not read). */
async function readBounded(res: Response, host: string, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size).toString('utf8');
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PlatformUnreachable(
        `Could not read the reply of ${host}: it is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB`,
      );
    }
    chunks.push(value);
  }
}

export type CallOptions = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
  json?: unknown;
};

/** A platform's authenticated call, bound to one source: its base URL and credentials. */
export type SourceCall = (path: string, options: CallOptions) => Promise<PlatformReply>;

export function joinUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, string | undefined>,
): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}

/** One JSON call. Non-2xx statuses are returned, not thrown; only an unreachable platform throws. */
export async function callPlatform(
  http: PlatformHttp,
  url: string,
  options: CallOptions,
  maxBytes = maxReplyBytes,
): Promise<PlatformReply> {
  const host = new URL(url).host;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await http(url, {
      method: options.method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    text = await readBounded(res, host, maxBytes);
  } catch (error) {
    if (error instanceof PlatformUnreachable) throw error;
    const reason =
      error instanceof Error
        ? error.name === 'TimeoutError'
          ? 'timed out'
          : error.message
        : String(error);
    throw new PlatformUnreachable(`Could not reach ${host}: ${reason}`);
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export function isOk(reply: PlatformReply): boolean {
  return reply.status >= 200 && reply.status < 300;
}

/** The platform's own words for an error, short enough for a timeline or a health line. */
export function platformMessage(reply: PlatformReply): string {
  const body = objectOrNull(reply.body);
  const error = body?.error;
  const candidates = [
    body?.detail,
    body?.message,
    typeof error === 'string' ? error : objectOrNull(error)?.message,
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  const text = found ?? reply.text.slice(0, 200);
  return text ? `HTTP ${reply.status}: ${text}` : `HTTP ${reply.status}`;
}

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * The usual mapping of a reply onto a delivery outcome: 2xx ok; timeouts, 429 and 5xx retry; 409 a
 * conflict (the platform already resolved it); anything else (bad key, bad body) fatal until a person acts.
 */
export function classifyReply(reply: PlatformReply, label: string): DeliveryResult {
  if (isOk(reply)) return { outcome: 'ok' };
  const message = `${label} answered ${platformMessage(reply)}`;
  if (reply.status === 408 || reply.status === 425 || reply.status === 429 || reply.status >= 500) {
    return { outcome: 'retry', error: message, retryAfterMs: retryAfterMs(reply.headers) };
  }
  if (reply.status === 409) return { outcome: 'conflict', error: message };
  if (reply.status === 401 || reply.status === 403) {
    return {
      outcome: 'fatal',
      error: `${label} refused the credentials (${platformMessage(reply)})`,
    };
  }
  return { outcome: 'fatal', error: message };
}

/** Runs a delivery call, turning an unreachable platform into a retry. */
export async function attempt(run: () => Promise<DeliveryResult>): Promise<DeliveryResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PlatformUnreachable) return { outcome: 'retry', error: error.message };
    throw error;
  }
}
