import type { Connector } from '../connector';
import { isOk, platformMessage } from '../kit/http';
import { objectOrNull } from '../kit/webhook-body';
import {
  anchorCall,
  anchorLabel,
  anchorSecretsSchema,
  anchorSettingsSchema,
  type AnchorSecrets,
  type AnchorSettings,
} from './anchor-api';
import { deliverToAnchor, stopOnAnchor } from './anchor-delivery';
import { anchorWebhookEvents, pollAnchor } from './anchor-discovery';
import { verifyAnchorWebhook } from './anchor-signature';

/**
 * Anchor Browser: signed webhooks and polls find interventions and paused agents
 * (`anchor-discovery.ts`), answers, resumes and session ends go to the session (`anchor-delivery.ts`),
 * `anchor-signature.ts` checks `Anchor-Signature`.
 */
export const anchorConnector: Connector<AnchorSettings, AnchorSecrets> = {
  kind: 'anchor',
  label: anchorLabel,
  defaultBaseUrl: 'https://api.anchorbrowser.io',
  settingsSchema: anchorSettingsSchema,
  secretsSchema: anchorSecretsSchema,
  verifyWebhook: (source, input) => verifyAnchorWebhook(source.secrets.webhookSecret, input),
  webhookEvents: anchorWebhookEvents,
  poll: pollAnchor,
  deliver: deliverToAnchor,
  stop: stopOnAnchor,

  async testConnection(source, ctx) {
    try {
      const reply = await anchorCall(source, ctx)('/v1/sessions/all/status', { method: 'GET' });
      if (!isOk(reply))
        return { ok: false, message: `${anchorLabel} answered ${platformMessage(reply)}` };
      const count = objectOrNull(objectOrNull(reply.body)?.data)?.count;
      return {
        ok: true,
        message: `Connected to ${anchorLabel}${typeof count === 'number' ? `; ${count} sessions` : ''}`,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
