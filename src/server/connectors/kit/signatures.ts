import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookInput, WebhookVerdict } from '../connector';
import { bodySentAt } from './webhook-body';

export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

/** Compares two signatures in constant time (for equal lengths; unequal lengths are simply unequal). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether a unix-seconds timestamp header is within `toleranceSeconds` of now, either way. */
export function isFreshTimestamp(
  value: string | null,
  now: Date,
  toleranceSeconds: number,
): boolean {
  if (value === null || !/^\d{1,12}$/.test(value)) return false;
  return Math.abs(now.getTime() / 1000 - Number(value)) <= toleranceSeconds;
}

/**
 * `X-Webhook-Signature` as Dari and Browser Use send it: hex HMAC-SHA256 of the raw body as received (a
 * `sha256=` prefix tolerated), refused as a replay when the body's own `timestamp` is more than
 * `toleranceSeconds` off. A body that does not say when it was sent is taken on its signature alone.
 */
export function verifyRawBodySignature(
  secret: string,
  input: WebhookInput,
  signature: string,
  toleranceSeconds: number,
): WebhookVerdict {
  const given = signature
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  if (!safeEqual(given, hmacSha256Hex(secret, input.rawBody))) {
    return { ok: false, reason: 'X-Webhook-Signature does not match' };
  }
  const sentAt = bodySentAt(input.rawBody);
  if (sentAt !== null && Math.abs(input.receivedAt.getTime() - sentAt) > toleranceSeconds * 1000) {
    return { ok: false, reason: 'The webhook timestamp is too old' };
  }
  return { ok: true };
}
