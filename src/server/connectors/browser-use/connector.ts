import type { Connector } from '../connector';
import { isOk, platformMessage } from '../kit/http';
import { objectOrNull } from '../kit/webhook-body';
import {
  browserUseCall,
  browserUseLabel,
  browserUseSecretsSchema,
  browserUseSettingsSchema,
  type BrowserUseSecrets,
  type BrowserUseSettings,
} from './browser-use-api';
import { deliverToBrowserUse, stopOnBrowserUse } from './browser-use-delivery';
import { browserUseWebhookEvents, pollBrowserUse } from './browser-use-discovery';
import { verifyBrowserUseWebhook } from './browser-use-signature';

/**
 * Browser Use (API v2): signed webhooks and polls find kept-alive sessions whose task ended
 * (`browser-use-discovery.ts`), hand backs and stops go to the session (`browser-use-delivery.ts`),
 * `browser-use-signature.ts` checks either documented signature.
 */
export const browserUseConnector: Connector<BrowserUseSettings, BrowserUseSecrets> = {
  kind: 'browser-use',
  label: browserUseLabel,
  defaultBaseUrl: 'https://api.browser-use.com/api/v2',
  settingsSchema: browserUseSettingsSchema,
  secretsSchema: browserUseSecretsSchema,
  verifyWebhook: (source, input) => verifyBrowserUseWebhook(source.secrets.webhookSecret, input),
  webhookEvents: browserUseWebhookEvents,
  poll: pollBrowserUse,
  deliver: deliverToBrowserUse,
  stop: stopOnBrowserUse,

  async testConnection(source, ctx) {
    try {
      const reply = await browserUseCall(source, ctx)('/sessions', {
        method: 'GET',
        query: { pageSize: '1' },
      });
      if (!isOk(reply))
        return { ok: false, message: `${browserUseLabel} answered ${platformMessage(reply)}` };
      const total = objectOrNull(reply.body)?.totalItems;
      return {
        ok: true,
        message: `Connected to ${browserUseLabel}${typeof total === 'number' ? `; ${total} sessions` : ''}`,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
