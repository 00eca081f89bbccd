import type { WebhookInput, WebhookVerdict } from '../connector';
import { safeEqual } from '../kit/signatures';

export type CrewAiWebhookCredentials = {
  webhookToken?: string;
  webhookUsername?: string;
  webhookPassword?: string;
};

/**
 * CrewAI calls `humanInputWebhook.url` with the authentication given at kickoff: `Authorization: Bearer
 * <token>` or `Authorization: Basic base64(user:pass)`. Nothing signs the body, so the credentials are the
 * whole check; there is no timestamp to refuse replays by.
 */
export function verifyCrewAiWebhook(
  credentials: CrewAiWebhookCredentials,
  input: WebhookInput,
): WebhookVerdict {
  const { webhookToken, webhookUsername, webhookPassword } = credentials;
  const basic = webhookUsername && webhookPassword ? `${webhookUsername}:${webhookPassword}` : null;
  if (!webhookToken && !basic) {
    return { ok: false, reason: 'No webhook credentials are configured for this source' };
  }
  const header = input.headers.get('Authorization')?.trim();
  if (!header) return { ok: false, reason: 'Missing Authorization' };
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  const value = space > 0 ? header.slice(space + 1).trim() : '';
  if (scheme === 'bearer' && webhookToken && safeEqual(value, webhookToken)) return { ok: true };
  if (scheme === 'basic' && basic) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (safeEqual(decoded, basic)) return { ok: true };
  }
  return { ok: false, reason: 'Authorization does not match the configured credentials' };
}
