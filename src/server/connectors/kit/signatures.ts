import { createHmac, timingSafeEqual } from 'node:crypto';

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
