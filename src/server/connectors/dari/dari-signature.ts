import type { WebhookInput, WebhookVerdict } from '../connector';
import { verifyRawBodySignature } from '../kit/signatures';

export const dariToleranceSeconds = 300;

/**
 * Dari sends `X-Webhook-Signature`: HMAC-SHA256 of the JSON body with the org's webhook key. Countersign
 * verifies the raw bytes as received, hex-encoded (a `sha256=` prefix is tolerated). Completion webhooks
 * carry their send time in `timestamp`; one older than the tolerance is refused as a replay.
 */
export function verifyDariWebhook(secret: string | undefined, input: WebhookInput): WebhookVerdict {
  if (!secret) return { ok: false, reason: 'No webhook signing key is configured for this source' };
  const header = input.headers.get('X-Webhook-Signature');
  if (!header) return { ok: false, reason: 'Missing X-Webhook-Signature' };
  return verifyRawBodySignature(secret, input, header, dariToleranceSeconds);
}
