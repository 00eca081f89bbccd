import { hmacSha256Hex, isFreshTimestamp, safeEqual } from '../kit/signatures';
import type { WebhookInput, WebhookVerdict } from '../connector';

/** The SDK leaves the tolerance off by default; Countersign refuses replays older than this. */
export const m8tesToleranceSeconds = 300;

/**
 * m8tes signs `{Webhook-Id}.{Webhook-Timestamp}.{raw body}` with HMAC-SHA256 and sends
 * `Webhook-Signature: v1=<hex>` (several space-separated signatures are accepted, as during rotation).
 */
export function verifyM8tesWebhook(
  secret: string | undefined,
  input: WebhookInput,
): WebhookVerdict {
  if (!secret)
    return { ok: false, reason: 'No webhook signing secret is configured for this source' };
  const id = input.headers.get('Webhook-Id');
  const timestamp = input.headers.get('Webhook-Timestamp');
  const signature = input.headers.get('Webhook-Signature');
  if (!id || !timestamp || !signature)
    return { ok: false, reason: 'Missing Webhook-Id, Webhook-Timestamp or Webhook-Signature' };
  if (!isFreshTimestamp(timestamp, input.receivedAt, m8tesToleranceSeconds)) {
    return { ok: false, reason: 'Webhook-Timestamp is missing, malformed or too old' };
  }
  const expected = `v1=${hmacSha256Hex(secret, `${id}.${timestamp}.${input.rawBody}`)}`;
  const matches = signature.split(/\s+/).some((candidate) => safeEqual(candidate, expected));
  return matches ? { ok: true } : { ok: false, reason: 'Webhook-Signature does not match' };
}
