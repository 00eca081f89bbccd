import type { WebhookInput, WebhookVerdict } from '../connector';
import { hmacSha256Hex, isFreshTimestamp, safeEqual } from '../kit/signatures';

/** Anchor asks receivers to refuse deliveries older than two minutes. */
export const anchorToleranceSeconds = 120;

/**
 * Anchor sends `Anchor-Signature: t=<unix>,v1=<hex>` where the hex is HMAC-SHA256 of
 * `v0:<t>:<raw body>` with the webhook's secret. During a secret rotation both secrets may sign, so
 * any `v1` entry that matches is enough. `Anchor-Timestamp` stands in when the header carries no `t`.
 */
export function verifyAnchorWebhook(
  secret: string | undefined,
  input: WebhookInput,
): WebhookVerdict {
  if (!secret) return { ok: false, reason: 'No webhook secret is configured for this source' };
  const header = input.headers.get('Anchor-Signature');
  if (!header) return { ok: false, reason: 'Missing Anchor-Signature' };
  const parts = header.split(',').map((part) => part.trim());
  const timestamp =
    parts.find((part) => part.startsWith('t='))?.slice(2) ?? input.headers.get('Anchor-Timestamp');
  const signatures = parts
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3).toLowerCase());
  if (!timestamp || signatures.length === 0) {
    return { ok: false, reason: 'Anchor-Signature has no timestamp or no v1 signature' };
  }
  if (!isFreshTimestamp(timestamp, input.receivedAt, anchorToleranceSeconds)) {
    return { ok: false, reason: 'The Anchor-Signature timestamp is malformed or too old' };
  }
  const expected = hmacSha256Hex(secret, `v0:${timestamp}:${input.rawBody}`);
  return signatures.some((signature) => safeEqual(signature, expected))
    ? { ok: true }
    : { ok: false, reason: 'Anchor-Signature does not match' };
}
