import type { Connector } from '../connector';
import { isOk, platformMessage } from '../kit/http';
import { objectOrNull } from '../kit/webhook-body';
import {
  m8tesCall,
  m8tesLabel,
  m8tesSecretsSchema,
  m8tesSettingsSchema,
  type M8tesSecrets,
  type M8tesSettings,
} from './m8tes-api';
import { deliverToM8tes, stopOnM8tes } from './m8tes-delivery';
import { m8tesWebhookEvents, pollM8tes } from './m8tes-discovery';
import { verifyM8tesWebhook } from './m8tes-signature';

/**
 * m8tes: signed webhooks and polls find runs' gates (`m8tes-discovery.ts`), answers, approvals and
 * cancels go to the run (`m8tes-delivery.ts`), `m8tes-signature.ts` checks `Webhook-Signature`.
 */
export const m8tesConnector: Connector<M8tesSettings, M8tesSecrets> = {
  kind: 'm8tes',
  label: m8tesLabel,
  defaultBaseUrl: 'https://api.m8tes.ai/api/v2',
  settingsSchema: m8tesSettingsSchema,
  secretsSchema: m8tesSecretsSchema,
  verifyWebhook: (source, input) => verifyM8tesWebhook(source.secrets.webhookSecret, input),
  webhookEvents: m8tesWebhookEvents,
  poll: pollM8tes,
  deliver: deliverToM8tes,
  stop: stopOnM8tes,

  async testConnection(source, ctx) {
    try {
      const reply = await m8tesCall(source, ctx)('/runs/check', { method: 'GET' });
      if (!isOk(reply)) return { ok: false, message: `m8tes answered ${platformMessage(reply)}` };
      const count = objectOrNull(reply.body)?.awaiting_count;
      const waiting = typeof count === 'number' ? `; ${count} awaiting approval` : '';
      return { ok: true, message: `Connected to m8tes${waiting}` };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
