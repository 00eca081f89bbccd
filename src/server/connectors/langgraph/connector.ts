import type { Connector } from '../connector';
import { isOk, platformMessage } from '../kit/http';
import {
  langGraphCall,
  langGraphLabel,
  langGraphSecretsSchema,
  langGraphSettingsSchema,
  type LangGraphSecrets,
  type LangGraphSettings,
} from './langgraph-api';
import { deliverGroupToLangGraph, deliverToLangGraph, stopOnLangGraph } from './langgraph-delivery';
import { pollLangGraph } from './langgraph-discovery';

/**
 * LangGraph (a LangGraph server or the dev server): polls interrupted threads (`langgraph-discovery.ts`;
 * it sends no webhooks Countersign could rely on), reads their interrupts in three shapes
 * (`langgraph-interrupts.ts`), and resumes each interrupt once with every decision of its group
 * (`langgraph-delivery.ts`).
 */
export const langGraphConnector: Connector<LangGraphSettings, LangGraphSecrets> = {
  kind: 'langgraph',
  label: langGraphLabel,
  defaultBaseUrl: 'http://127.0.0.1:2024',
  settingsSchema: langGraphSettingsSchema,
  secretsSchema: langGraphSecretsSchema,
  verifyWebhook: () => ({ ok: false, reason: 'LangGraph sources are polled, not pushed to' }),
  webhookEvents: async () => [],
  poll: pollLangGraph,
  deliver: deliverToLangGraph,
  deliverGroup: deliverGroupToLangGraph,
  stop: stopOnLangGraph,

  async testConnection(source, ctx) {
    try {
      const reply = await langGraphCall(source, ctx)('/threads/search', {
        method: 'POST',
        json: { status: 'interrupted', limit: 100 },
      });
      if (!isOk(reply))
        return { ok: false, message: `LangGraph answered ${platformMessage(reply)}` };
      const count = Array.isArray(reply.body) ? reply.body.length : 0;
      return { ok: true, message: `Connected to LangGraph; ${count} interrupted threads` };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
