import type { ConnectorKind } from './sources';

/** One field of a source's form: settings are shown back, secrets are write-only. */
export type SourceField = {
  name: string;
  label: string;
  required: boolean;
  help?: string;
  placeholder?: string;
  options?: readonly string[];
};

export type SourceKindSpec = {
  label: string;
  defaultBaseUrl: string;
  /** True when the base URL differs per account (a deployed crew) and must be given. */
  baseUrlRequired: boolean;
  settings: readonly SourceField[];
  secrets: readonly SourceField[];
  /** Where the webhook URL goes on the platform. */
  webhookHelp: string;
};

/** What the Settings form asks for each platform; the server checks the same names. */
export const sourceKindSpecs: Record<ConnectorKind, SourceKindSpec> = {
  m8tes: {
    label: 'm8tes',
    defaultBaseUrl: 'https://api.m8tes.ai/api/v2',
    baseUrlRequired: false,
    settings: [
      {
        name: 'userId',
        label: 'End user id',
        required: false,
        help: 'Only for strict multi-tenant accounts: the user_id whose runs to watch.',
      },
    ],
    secrets: [
      { name: 'apiKey', label: 'API key', required: true, placeholder: 'm8_…' },
      {
        name: 'webhookSecret',
        label: 'Webhook signing secret',
        required: false,
        help: 'Returned once when you create the webhook endpoint. Without it, webhooks are refused.',
      },
    ],
    webhookHelp:
      'Create a webhook endpoint with this URL and the events run.awaiting_input, run.completed, run.failed and run.cancelled.',
  },
  dari: {
    label: 'Dari',
    defaultBaseUrl: 'https://agent.usedari.com',
    baseUrlRequired: false,
    settings: [
      { name: 'orgId', label: 'Organization id', required: true },
      { name: 'endpointName', label: 'Endpoint name', required: true },
      {
        name: 'pathPrefix',
        label: 'Path prefix',
        required: false,
        options: ['/jobs', '/task'],
        help: 'Dari documents both; /jobs unless your account uses /task.',
      },
      {
        name: 'timeoutMinutes',
        label: 'Job timeout (minutes)',
        required: false,
        help: 'The timeout_minutes your jobs start with (Dari default 30); questions expire with it.',
      },
    ],
    secrets: [
      { name: 'apiKey', label: 'API key', required: true },
      { name: 'webhookSecret', label: 'Webhook signing key', required: false },
    ],
    webhookHelp: "Set it as the portal's webhook_url (Automations › Settings › Webhook URL).",
  },
  anchor: {
    label: 'Anchor Browser',
    defaultBaseUrl: 'https://api.anchorbrowser.io',
    baseUrlRequired: false,
    settings: [],
    secrets: [
      { name: 'apiKey', label: 'API key', required: true },
      { name: 'webhookSecret', label: 'Webhook secret', required: false },
    ],
    webhookHelp:
      'Register a webhook with this URL for intervention.requested, intervention.resolved, session.completed and session.failed.',
  },
  'browser-use': {
    label: 'Browser Use',
    defaultBaseUrl: 'https://api.browser-use.com/api/v2',
    baseUrlRequired: false,
    settings: [
      {
        name: 'handbackTask',
        label: 'Hand-back task',
        required: false,
        help: 'The follow-up task sent when a reviewer hands back without writing one.',
        placeholder: 'Continue the previous task from the page as it is now.',
      },
    ],
    secrets: [
      { name: 'apiKey', label: 'API key', required: true },
      { name: 'webhookSecret', label: 'Webhook secret', required: false },
    ],
    webhookHelp:
      'Add this URL in the Browser Use cloud settings under webhooks (agent.task.status_update). Countersign uses API v2 and asks for a takeover when a task ends on a kept-alive session.',
  },
  crewai: {
    label: 'CrewAI',
    defaultBaseUrl: '',
    baseUrlRequired: true,
    settings: [
      {
        name: 'taskWebhookUrl',
        label: 'Task webhook URL',
        required: false,
        help: 'For kickoffs whose human-input webhook URL carries no URLs of its own (see below): the taskWebhookUrl to send again on resume, which CrewAI forgets.',
      },
      {
        name: 'stepWebhookUrl',
        label: 'Step webhook URL',
        required: false,
        help: 'Likewise the stepWebhookUrl, for kickoffs whose webhook URL carries none.',
      },
      {
        name: 'crewWebhookUrl',
        label: 'Crew webhook URL',
        required: false,
        help: 'Likewise the crewWebhookUrl, for kickoffs whose webhook URL carries none.',
      },
    ],
    secrets: [
      { name: 'apiToken', label: 'Crew bearer token', required: true },
      {
        name: 'webhookToken',
        label: 'Webhook bearer token',
        required: false,
        help: 'The token of humanInputWebhook.authentication when its strategy is bearer.',
      },
      {
        name: 'webhookUsername',
        label: 'Webhook username',
        required: false,
        help: 'For the basic strategy: the username of humanInputWebhook.authentication.',
      },
      {
        name: 'webhookPassword',
        label: 'Webhook password',
        required: false,
        help: 'For the basic strategy: the password of humanInputWebhook.authentication.',
      },
    ],
    webhookHelp:
      'Pass this URL as humanInputWebhook.url when you kick off the crew, with the same bearer token or basic credentials as here, and with the kickoff’s own webhook URLs added as shown below.',
  },
  langgraph: {
    label: 'LangGraph',
    defaultBaseUrl: 'http://127.0.0.1:2024',
    baseUrlRequired: true,
    settings: [
      {
        name: 'assistantId',
        label: 'Assistant id',
        required: false,
        help: 'The assistant or graph id to resume threads with, when a thread does not name one.',
      },
    ],
    secrets: [
      {
        name: 'apiKey',
        label: 'API key',
        required: false,
        help: 'For a LangSmith deployment (sent as x-api-key); a local server needs none.',
      },
    ],
    webhookHelp:
      'Nothing to set on LangGraph: Countersign polls the server for interrupted threads.',
  },
};
