import type { WebhookInput, WebhookVerdict } from '../connector';
import {
  hmacSha256Hex,
  isFreshTimestamp,
  safeEqual,
  verifyRawBodySignature,
} from '../kit/signatures';

/** Browser Use's own examples refuse deliveries older than five minutes. */
export const browserUseToleranceSeconds = 300;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // Object.entries reads own keys only; `__proto__` from JSON.parse is one and stays a plain key.
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

/** Python's `json.dumps` (the sender) escapes non-ASCII characters; JavaScript's does not. */
function asciiEscaped(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function verifySortedJson(secret: string, input: WebhookInput, signature: string): WebhookVerdict {
  const timestamp = input.headers.get('X-Browser-Use-Timestamp');
  if (!isFreshTimestamp(timestamp, input.receivedAt, browserUseToleranceSeconds)) {
    return { ok: false, reason: 'X-Browser-Use-Timestamp is missing, malformed or too old' };
  }
  let canonical: string;
  try {
    canonical = JSON.stringify(sortKeys(JSON.parse(input.rawBody)));
  } catch {
    return { ok: false, reason: 'The signed body is not JSON' };
  }
  const given = signature.trim().toLowerCase();
  const matches = [canonical, asciiEscaped(canonical)].some((json) =>
    safeEqual(given, hmacSha256Hex(secret, `${timestamp}.${json}`)),
  );
  return matches ? { ok: true } : { ok: false, reason: 'X-Browser-Use-Signature does not match' };
}

/**
 * Browser Use documents two signatures; either verifies:
 * (a) `X-Browser-Use-Signature` = hex HMAC-SHA256 of `{X-Browser-Use-Timestamp}.{body}`, the body
 *     re-serialized with sorted keys and no whitespace, refused after five minutes;
 * (b) `X-Webhook-Signature` = hex HMAC-SHA256 of the raw body, refused when the body's own `timestamp`
 *     is more than five minutes off.
 */
export function verifyBrowserUseWebhook(
  secret: string | undefined,
  input: WebhookInput,
): WebhookVerdict {
  if (!secret) return { ok: false, reason: 'No webhook secret is configured for this source' };
  const sorted = input.headers.get('X-Browser-Use-Signature');
  if (sorted) return verifySortedJson(secret, input, sorted);
  const raw = input.headers.get('X-Webhook-Signature');
  if (raw) return verifyRawBodySignature(secret, input, raw, browserUseToleranceSeconds);
  return { ok: false, reason: 'Missing X-Browser-Use-Signature or X-Webhook-Signature' };
}
