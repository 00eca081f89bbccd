import type { Connector } from '../connector';
import { callPlatform, isOk, joinUrl, platformMessage } from '../kit/http';
import {
  addressOf,
  dariLabel,
  dariSecretsSchema,
  dariSettingsSchema,
  type DariSecrets,
  type DariSettings,
} from './dari-api';
import { deliverToDari, stopOnDari } from './dari-delivery';
import { dariWebhookEvents, pollDari } from './dari-discovery';
import { verifyDariWebhook } from './dari-signature';

/**
 * Dari: signed webhooks and polls of known jobs find question batches (`dari-discovery.ts`), answers
 * and stops go to the job (`dari-delivery.ts`), `dari-signature.ts` checks `X-Webhook-Signature`.
 */
export const dariConnector: Connector<DariSettings, DariSecrets> = {
  kind: 'dari',
  label: dariLabel,
  defaultBaseUrl: 'https://agent.usedari.com',
  settingsSchema: dariSettingsSchema,
  secretsSchema: dariSecretsSchema,
  verifyWebhook: (source, input) => verifyDariWebhook(source.secrets.webhookSecret, input),
  webhookEvents: dariWebhookEvents,
  poll: pollDari,
  deliver: deliverToDari,
  stop: stopOnDari,

  async testConnection(source, ctx) {
    const { orgId, endpointName } = addressOf(source);
    const path = `/portals/${encodeURIComponent(orgId)}/${encodeURIComponent(endpointName)}`;
    try {
      const reply = await callPlatform(ctx.http, joinUrl(source.baseUrl, path), {
        method: 'GET',
        headers: { 'X-API-Key': source.secrets.apiKey },
      });
      if (isOk(reply))
        return { ok: true, message: `Connected to the Dari portal ${orgId}/${endpointName}` };
      return { ok: false, message: `Dari answered ${platformMessage(reply)}` };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
