import type { Connector } from '../connector';
import { isOk, platformMessage } from '../kit/http';
import { objectOrNull } from '../kit/webhook-body';
import {
  crewAiCall,
  crewAiLabel,
  crewAiSecretsSchema,
  crewAiSettingsSchema,
  crewName,
  type CrewAiSecrets,
  type CrewAiSettings,
} from './crewai-api';
import { deliverToCrewAi, stopOnCrewAi } from './crewai-delivery';
import { crewAiWebhookEvents, pollCrewAi } from './crewai-discovery';
import { verifyCrewAiWebhook } from './crewai-signature';

/**
 * CrewAI AMP: the human-input webhook brings each review and polls follow known executions
 * (`crewai-discovery.ts`), reviews and stops go to the crew (`crewai-delivery.ts`),
 * `crewai-signature.ts` checks the webhook's bearer or basic credentials.
 */
export const crewAiConnector: Connector<CrewAiSettings, CrewAiSecrets> = {
  kind: 'crewai',
  label: crewAiLabel,
  defaultBaseUrl: '',
  settingsSchema: crewAiSettingsSchema,
  secretsSchema: crewAiSecretsSchema,
  verifyWebhook: (source, input) => verifyCrewAiWebhook(source.secrets, input),
  webhookEvents: crewAiWebhookEvents,
  poll: pollCrewAi,
  deliver: deliverToCrewAi,
  stop: stopOnCrewAi,

  async testConnection(source, ctx) {
    try {
      const reply = await crewAiCall(source, ctx)('/inputs', { method: 'GET' });
      if (!isOk(reply))
        return { ok: false, message: `${crewAiLabel} answered ${platformMessage(reply)}` };
      const inputs = objectOrNull(reply.body)?.inputs;
      const names = Array.isArray(inputs) ? inputs.filter((i) => typeof i === 'string') : [];
      return {
        ok: true,
        message: `Connected to the crew ${crewName(source.baseUrl)}${names.length ? `; it takes ${names.join(', ')}` : ''}`,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
