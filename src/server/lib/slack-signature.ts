import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's window for a request's timestamp: older (or that far in the future) is refused as a replay. */
export const slackSignatureWindowSeconds = 5 * 60;

/**
 * Whether a request is Slack's: `X-Slack-Signature` is `v0=hex(HMAC-SHA256(signingSecret,
 * "v0:{X-Slack-Request-Timestamp}:{raw body}"))`, with the timestamp within five minutes of now.
 */
export function verifySlackSignature(
  signingSecret: string,
  rawBody: string,
  timestamp: string | undefined,
  signature: string | undefined,
  now: Date,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > slackSignatureWindowSeconds)
    return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
