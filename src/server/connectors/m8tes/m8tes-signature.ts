import { deliveryMemoryMs, usableId, type WebhookInput, type WebhookVerdict } from '../connector';
import { hmacSha256Hex, safeEqual } from '../kit/signatures';

/** A clock that runs ahead by more than this is not trusted for a delivery's send time. */
const allowedClockSkewMs = 5 * 60 * 1000;

/**
 * m8tes signs `{Webhook-Id}.{Webhook-Timestamp}.{raw body}` with HMAC-SHA256 and sends
 * `Webhook-Signature: v1=<hex>` (several space-separated signatures are accepted, as during rotation).
 *
 * m8tes re-sends deliveries it could not make after its own restarts, and its SDK sets no age limit, so
 * a genuine delivery may arrive long after it was signed. Replays are refused by remembering each
 * `Webhook-Id` (the verdict names the delivery; the domain takes each id once) rather than by age. Only
 * a delivery signed longer ago than Countersign remembers ids is refused for its age, since memory no
 * longer covers it.
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
  const deliveryId = usableId(id);
  if (!deliveryId) return { ok: false, reason: 'Webhook-Id is not a usable id' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'Webhook-Timestamp is malformed' };
  const expected = `v1=${hmacSha256Hex(secret, `${id}.${timestamp}.${input.rawBody}`)}`;
  if (!signature.split(/\s+/).some((candidate) => safeEqual(candidate, expected))) {
    return { ok: false, reason: 'Webhook-Signature does not match' };
  }
  const sentAt = new Date(Number(timestamp) * 1000);
  const age = input.receivedAt.getTime() - sentAt.getTime();
  if (age > deliveryMemoryMs) {
    return {
      ok: false,
      reason: 'Webhook-Timestamp is older than Countersign remembers deliveries',
    };
  }
  if (age < -allowedClockSkewMs) return { ok: false, reason: 'Webhook-Timestamp is in the future' };
  return { ok: true, delivery: { id: deliveryId, sentAt } };
}
