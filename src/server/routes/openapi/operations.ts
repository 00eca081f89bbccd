import * as z from 'zod/mini';
import { agentTokenSchema, issuedAgentTokenSchema } from '../../../shared/agent-tokens';
import { auditEntrySchema } from '../../../shared/audit';
import { errorBodySchema } from '../../../shared/errors';
import { bulkResultsSchema } from '../../../shared/bulk';
import { contactSchema, functionCallSchema } from '../../../shared/humanlayer';
import {
  myNotificationsSchema,
  notificationJobSchema,
  slackIntegrationSchema,
  webhookSchema,
} from '../../../shared/notifications';
import { requestGroupSchema, requestSchema, responseSchemas } from '../../../shared/requests';
import { pushDeviceSchema, pushPublicKeySchema } from '../../../shared/push';
import { ruleSchema } from '../../../shared/rules';
import {
  runDetailSchema,
  runSchema,
  runSummarySchema,
  timelineEventSchema,
} from '../../../shared/runs';
import {
  sourcePollResultSchema,
  sourceSchema,
  sourceTestResultSchema,
} from '../../../shared/sources';
import { managedUserSchema, userSchema } from '../../../shared/users';
import { routePreviewSchema, routingSchema, teamSchema } from '../../../shared/teams';
import { oidcSettingsSchema, signInMethodsSchema } from '../../../shared/oidc';
import { runPresenceSchema } from '../../../shared/presence';

/** One response of an operation: a JSON schema from `src/shared`, another media type, or no body. */
export type OperationResponse =
  | { description: string; schema: z.core.$ZodType }
  | { description: string; mediaType: string }
  | { description: string };

/**
 * What the router cannot say about an operation: its summary, group, success responses, the
 * conflicts it may answer, and a body a handler reads itself. Who may call it, its path, query and
 * body schemas come from the routes (guards and validators), so they cannot drift from what is served.
 */
export type Operation = {
  summary: string;
  tag: string;
  responses: Record<number, OperationResponse>;
  conflict?: string;
  body?: z.core.$ZodType;
  /** A body that is not one of our JSON schemas (MCP's JSON-RPC messages). */
  rawBody?: { mediaType: string; description: string };
  /** A credential of its own, checked by the handler rather than by a guard (the metrics token). */
  credential?: 'metricsToken';
};

const list = (item: z.core.$ZodType) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
const ok = (description: string, schema: z.core.$ZodType) => ({ 200: { description, schema } });
const created = (description: string, schema: z.core.$ZodType) => ({
  201: { description, schema },
});
const noContent = (description: string) => ({ 204: { description } });

const checkState = z.enum(['ok', 'failing', 'timeout']);

/** Keyed by the method and the full path as Hono writes it (`GET /api/v1/runs/:id`). */
export const operations: Record<string, Operation> = {
  'GET /healthz': {
    summary: 'Liveness: the process answers',
    tag: 'Operations',
    responses: ok('Alive', z.object({ status: z.literal('ok') })),
  },
  'GET /readyz': {
    summary: 'Readiness: the database answers and is migrated, and the delivery worker runs',
    tag: 'Operations',
    responses: {
      ...ok(
        'Ready to serve',
        z.object({ status: z.literal('ready'), checks: z.record(z.string(), checkState) }),
      ),
      503: {
        description: 'Not ready; details.checks says which check fails',
        schema: errorBodySchema,
      },
    },
  },
  'GET /metrics': {
    summary: 'Prometheus metrics (exists only when COUNTERSIGN_METRICS_TOKEN is set)',
    tag: 'Operations',
    credential: 'metricsToken',
    responses: {
      200: { description: "Prometheus' text format", mediaType: 'text/plain' },
      404: { description: 'No metrics token is configured', schema: errorBodySchema },
    },
  },
  'POST /mcp': {
    summary:
      'The MCP server (Streamable HTTP, stateless): tools to ask people and wait for their answers',
    tag: 'MCP',
    rawBody: { mediaType: 'application/json', description: 'A JSON-RPC 2.0 message or batch' },
    responses: {
      200: {
        description:
          'The JSON-RPC reply, as JSON or as an event stream carrying progress while a person answers',
        mediaType: 'text/event-stream',
      },
      202: { description: 'A notification or response, taken' },
    },
  },
  'POST /api/v1/hooks/:sourceId': {
    summary: "Receive a platform's webhook, authenticated as that platform defines",
    tag: 'Platforms',
    responses: { 200: { description: 'Taken' }, 202: { description: 'Taken, to be read later' } },
  },
  'POST /api/v1/session': {
    summary: 'Sign in with a username and password; sets the session cookie',
    tag: 'Session',
    responses: ok('Signed in', userSchema),
  },
  'DELETE /api/v1/session': {
    summary: 'Sign out',
    tag: 'Session',
    responses: noContent('Signed out'),
  },
  'GET /api/v1/me': {
    summary: 'Who is signed in',
    tag: 'Session',
    responses: ok('You', userSchema),
  },
  'DELETE /api/v1/me/sessions': {
    summary: 'Sign out everywhere else',
    tag: 'Session',
    responses: noContent('Other sessions ended'),
  },
  'PUT /api/v1/me/password': {
    summary: 'Change your password',
    tag: 'Session',
    responses: noContent('Changed'),
  },
  'GET /api/v1/runs': {
    summary: 'The inbox and history, cursor-paginated',
    tag: 'Runs',
    responses: ok('A page of runs', list(runSummarySchema)),
  },
  'POST /api/v1/runs': {
    summary: 'Start a run',
    tag: 'Agents',
    responses: created('The run', runSchema),
  },
  'GET /api/v1/runs/:id': {
    summary: 'A run with its requests and timeline',
    tag: 'Runs',
    responses: ok('The run', runDetailSchema),
  },
  'GET /api/v1/runs/:id/groups/:group': {
    summary: "A group's requests; with wait=N, held until none is pending",
    tag: 'Agents',
    responses: ok('The group', requestGroupSchema),
  },
  'PATCH /api/v1/runs/:id': {
    summary: "Update a run's status, title, live view or metadata",
    tag: 'Agents',
    responses: ok('The run', runSchema),
  },
  'POST /api/v1/runs/:id/events': {
    summary: "Add an entry to a run's timeline",
    tag: 'Agents',
    responses: created('The entry', timelineEventSchema),
  },
  'POST /api/v1/runs/:id/stop': {
    summary: 'Stop a run; its pending requests are cancelled and the platform is told',
    tag: 'Runs',
    responses: ok('The run', runSchema),
    conflict: 'The run has already finished',
  },
  'PUT /api/v1/runs/:id/presence': {
    summary:
      'The run page is open (a heartbeat every 10 s; gone after 25 s without one); who else has it open',
    tag: 'Runs',
    responses: ok('The other people viewing the run', runPresenceSchema),
  },
  'DELETE /api/v1/runs/:id/presence': {
    summary: 'The run page was closed; the others viewing it are told at once',
    tag: 'Runs',
    responses: noContent('No longer shown viewing the run'),
  },
  'POST /api/v1/runs/:id/requests': {
    summary: 'Ask a person: questions, a tool call, a plan, a review, a message or a takeover',
    tag: 'Agents',
    responses: created('The request', requestSchema),
    conflict: 'The run has finished',
  },
  'GET /api/v1/requests/:id': {
    summary: 'A request; with wait=N (at most 60), held until it is no longer pending',
    tag: 'Agents',
    responses: ok('The request', requestSchema),
  },
  'POST /api/v1/requests/bulk-response': {
    summary: 'Approve or deny up to 100 tool calls, each on its own',
    tag: 'Answers',
    responses: ok('What became of each', bulkResultsSchema),
  },
  'POST /api/v1/requests/:id/response': {
    summary: "Answer a request with its kind's response; honours Idempotency-Key",
    tag: 'Answers',
    responses: ok('The answered request', requestSchema),
    conflict: 'Already answered (details say by whom and when), expired or cancelled',
    body: z.union(Object.values(responseSchemas)),
  },
  'POST /api/v1/requests/:id/retry-delivery': {
    summary: 'Send a failed answer to its platform again now',
    tag: 'Answers',
    responses: ok('The request', requestSchema),
    conflict: 'No platform delivery to retry, already delivered, or an attempt in progress',
  },
  'GET /api/v1/rules': {
    summary: 'Rules',
    tag: 'Rules',
    responses: ok('Every rule', list(ruleSchema)),
  },
  'POST /api/v1/rules': {
    summary: 'Add a rule',
    tag: 'Rules',
    responses: created('The rule', ruleSchema),
  },
  'PATCH /api/v1/rules/:id': {
    summary: 'Pause or resume a rule',
    tag: 'Rules',
    responses: ok('The rule', ruleSchema),
  },
  'DELETE /api/v1/rules/:id': {
    summary: 'Remove a rule',
    tag: 'Rules',
    responses: noContent('Removed'),
  },
  'GET /api/v1/sources': {
    summary: 'Platform sources with their health',
    tag: 'Sources',
    responses: ok('Every source', list(sourceSchema)),
  },
  'POST /api/v1/sources': {
    summary: 'Connect a platform',
    tag: 'Sources',
    responses: created('The source', sourceSchema),
  },
  'PATCH /api/v1/sources/:id': {
    summary: "Change a source's name, address, settings or secrets",
    tag: 'Sources',
    responses: ok('The source', sourceSchema),
    conflict: 'The native source cannot be changed',
  },
  'DELETE /api/v1/sources/:id': {
    summary: 'Remove a source',
    tag: 'Sources',
    responses: noContent('Removed'),
    conflict: 'The native source cannot be deleted',
  },
  'POST /api/v1/sources/:id/test': {
    summary: "Test a source's connection",
    tag: 'Sources',
    responses: ok('What the platform said', sourceTestResultSchema),
    conflict: 'The native source has nothing to test',
  },
  'POST /api/v1/sources/:id/poll': {
    summary: 'Look at the platform now',
    tag: 'Sources',
    responses: ok('What was found', sourcePollResultSchema),
    conflict: 'The native source has nothing to poll',
  },
  'GET /api/v1/auth/methods': {
    summary: 'How people may sign in: password, single sign-on, or both',
    tag: 'Users',
    responses: ok('The methods', signInMethodsSchema),
  },
  'GET /api/v1/auth/oidc/start': {
    summary: 'Single sign-on: redirects to the OpenID provider (authorization code with PKCE)',
    tag: 'Users',
    responses: { 302: { description: "To the provider's sign-in" } },
  },
  'GET /api/v1/auth/oidc/callback': {
    summary: 'Where the provider sends people back; signs them in and redirects to the app',
    tag: 'Users',
    responses: {
      303: { description: 'To the inbox, or to the sign-in page saying what went wrong' },
    },
  },
  'GET /api/v1/auth/oidc/settings': {
    summary:
      'Single sign-on: the provider, the redirect URI to register there, and groups to roles',
    tag: 'Users',
    responses: ok('The configuration, never the client secret', oidcSettingsSchema),
  },
  'PUT /api/v1/auth/oidc/role-mapping': {
    summary: "Which role each value of the provider's groups claim gives",
    tag: 'Users',
    responses: ok('The configuration', oidcSettingsSchema),
  },
  'GET /api/v1/users': {
    summary: 'People',
    tag: 'Users',
    responses: ok('Everyone', list(managedUserSchema)),
  },
  'POST /api/v1/users': {
    summary: 'Add a person',
    tag: 'Users',
    responses: created('The person', managedUserSchema),
    conflict: 'The username is taken',
  },
  'PATCH /api/v1/users/:id': {
    summary: "Change a person's role, password or whether they may sign in",
    tag: 'Users',
    responses: ok('The person', managedUserSchema),
    conflict: 'It would leave no admin, or you would disable yourself',
  },
  'DELETE /api/v1/users/:id': {
    summary: 'Remove a person',
    tag: 'Users',
    responses: noContent('Removed'),
    conflict: 'Keep at least one admin',
  },
  'DELETE /api/v1/users/:id/sessions': {
    summary: "End a person's sessions",
    tag: 'Users',
    responses: noContent('Signed out everywhere'),
  },
  'POST /api/v1/requests/:id/claim': {
    summary: 'Claim a pending request: others see you are on it',
    tag: 'Teams',
    responses: ok('The request', requestSchema),
    conflict: 'Someone else is on it (the message names them), or it is answered',
  },
  'POST /api/v1/requests/:id/release': {
    summary: "Give back a request you claimed (admins: anyone's)",
    tag: 'Teams',
    responses: ok('The request', requestSchema),
    conflict: 'Someone else is on it, nobody is, or it is answered',
  },
  'POST /api/v1/requests/:id/assign': {
    summary: 'Hand a pending request to a reviewer or admin',
    tag: 'Teams',
    responses: ok('The request', requestSchema),
    conflict: 'It is answered',
  },
  'GET /api/v1/groups': {
    summary: 'Groups of people, with their members',
    tag: 'Teams',
    responses: ok('Every group', list(teamSchema)),
  },
  'POST /api/v1/groups': {
    summary: 'Add a group',
    tag: 'Teams',
    responses: created('The group', teamSchema),
    conflict: 'A group has that name',
  },
  'PATCH /api/v1/groups/:id': {
    summary: 'Rename a group, add or remove members',
    tag: 'Teams',
    responses: ok('The group', teamSchema),
    conflict: 'A group has that name',
  },
  'DELETE /api/v1/groups/:id': {
    summary: 'Remove a group',
    tag: 'Teams',
    responses: noContent('Removed'),
    conflict: 'Routes send requests to it',
  },
  'GET /api/v1/routes': {
    summary: 'The ordered routes and the default group',
    tag: 'Teams',
    responses: ok('The routing list', routingSchema),
  },
  'PUT /api/v1/routes': {
    summary: 'Replace the ordered routes and the default group',
    tag: 'Teams',
    responses: ok('The routing list as saved', routingSchema),
  },
  'POST /api/v1/routes/preview': {
    summary: 'Where a request would go, by the saved routes or by a list not saved yet',
    tag: 'Teams',
    responses: ok('The matching route and group', routePreviewSchema),
  },
  'GET /api/v1/agent-tokens': {
    summary: 'Agent tokens (never their values)',
    tag: 'Agent tokens',
    responses: ok('Every token', list(agentTokenSchema)),
  },
  'POST /api/v1/agent-tokens': {
    summary: 'Issue an agent token; its value is shown this once',
    tag: 'Agent tokens',
    responses: created('The token with its value', issuedAgentTokenSchema),
  },
  'DELETE /api/v1/agent-tokens/:id': {
    summary: 'Revoke an agent token',
    tag: 'Agent tokens',
    responses: noContent('Revoked'),
  },
  'GET /api/v1/audit': {
    summary: 'The audit log, newest first',
    tag: 'Audit',
    responses: ok('A page of entries', list(auditEntrySchema)),
  },
  'GET /api/v1/audit.csv': {
    summary: 'The audit log as CSV',
    tag: 'Audit',
    responses: { 200: { description: 'CSV', mediaType: 'text/csv' } },
  },
  'GET /api/v1/audit/export': {
    summary: 'The hash-chained audit log as JSON lines, for npm run audit:verify',
    tag: 'Audit',
    responses: { 200: { description: 'One entry per line', mediaType: 'application/x-ndjson' } },
  },
  'GET /api/v1/stream': {
    summary: 'Live events (Server-Sent Events), resumable with Last-Event-ID',
    tag: 'Runs',
    responses: { 200: { description: 'An event stream', mediaType: 'text/event-stream' } },
  },
  'GET /api/v1/me/notifications': {
    summary: 'Your notification preferences and email address',
    tag: 'Notifications',
    responses: ok('Your preferences', myNotificationsSchema),
  },
  'PUT /api/v1/me/notifications': {
    summary: 'Set your notification preferences and email address',
    tag: 'Notifications',
    responses: ok('Your preferences', myNotificationsSchema),
  },
  'GET /api/v1/notifications/failures': {
    summary: 'Notifications that could not be sent',
    tag: 'Notifications',
    responses: ok('The failed notifications', list(notificationJobSchema)),
  },
  'GET /api/v1/notifications/unsubscribe': {
    summary: "An email's unsubscribe link: a page asking to confirm",
    tag: 'Notifications',
    responses: { 200: { description: 'The page', mediaType: 'text/html' } },
  },
  'POST /api/v1/notifications/unsubscribe': {
    summary: 'Turn email notifications off, from the signed link',
    tag: 'Notifications',
    responses: { 200: { description: 'Done', mediaType: 'text/html' } },
  },
  'GET /api/v1/webhooks': {
    summary: 'Outgoing webhooks',
    tag: 'Webhooks',
    responses: ok('Every webhook', list(webhookSchema)),
  },
  'POST /api/v1/webhooks': {
    summary: 'Register an outgoing webhook; its signing secret is shown this once',
    tag: 'Webhooks',
    responses: created(
      'The webhook with its secret',
      z.extend(webhookSchema, { secret: z.string() }),
    ),
  },
  'DELETE /api/v1/webhooks/:id': {
    summary: 'Remove an outgoing webhook',
    tag: 'Webhooks',
    responses: noContent('Removed'),
  },
  'GET /api/v1/webhooks/:id/deliveries': {
    summary: "A webhook's delivery log",
    tag: 'Webhooks',
    responses: ok('Its deliveries, newest first', list(notificationJobSchema)),
  },
  'POST /api/v1/webhooks/:id/deliveries/:jobId/retry': {
    summary: 'Send a webhook delivery again now',
    tag: 'Webhooks',
    responses: { 202: { description: 'Queued' } },
  },
  'GET /api/v1/push/public-key': {
    summary: "The server's VAPID public key, for PushManager.subscribe",
    tag: 'Push',
    responses: ok('The key (base64url)', pushPublicKeySchema),
  },
  'GET /api/v1/push/subscriptions': {
    summary: "The signed-in user's push devices (never their endpoints or keys)",
    tag: 'Push',
    responses: ok('Newest first', list(pushDeviceSchema)),
  },
  'POST /api/v1/push/subscriptions': {
    summary: 'Subscribe this browser to Web Push (the same endpoint again updates it)',
    tag: 'Push',
    responses: created('The device', pushDeviceSchema),
  },
  'DELETE /api/v1/push/subscriptions/:id': {
    summary: 'Remove one of your push devices',
    tag: 'Push',
    responses: noContent('Removed'),
  },
  'GET /api/v1/integrations/slack': {
    summary: 'The Slack integration: connected and its channel, never its secrets',
    tag: 'Slack',
    responses: ok('The integration', slackIntegrationSchema),
  },
  'PUT /api/v1/integrations/slack': {
    summary: 'Connect Slack (bot token and signing secret are write-only)',
    tag: 'Slack',
    responses: ok('The integration', slackIntegrationSchema),
  },
  'DELETE /api/v1/integrations/slack': {
    summary: 'Disconnect Slack',
    tag: 'Slack',
    responses: noContent('Disconnected'),
  },
  'POST /api/v1/integrations/slack/test': {
    summary: 'Post a test message to the connected channel',
    tag: 'Slack',
    responses: ok('Posted', z.object({ ok: z.boolean(), channel: z.string() })),
  },
  'POST /api/v1/integrations/slack/interactions': {
    summary:
      "Slack's button clicks and modal submissions, verified by Slack's v0 signature (no session)",
    tag: 'Slack',
    responses: {
      200: {
        description:
          "Acknowledged; for a modal submission, nothing (close it) or Slack's `response_action` (`errors` or `update`)",
      },
    },
  },
  'GET /api/v1/openapi.json': {
    summary: 'This document',
    tag: 'Reference',
    responses: { 200: { description: 'OpenAPI 3.1', mediaType: 'application/json' } },
  },
  'POST /humanlayer/v1/function_calls': {
    summary: 'HumanLayer: ask approval for a function call (created once per call_id)',
    tag: 'HumanLayer',
    responses: ok('The call', functionCallSchema),
    conflict: 'The call_id is used by another request, or the run has finished',
  },
  'GET /humanlayer/v1/function_calls/:callId': {
    summary: 'HumanLayer: a function call and its status',
    tag: 'HumanLayer',
    responses: ok('The call', functionCallSchema),
  },
  'POST /humanlayer/v1/contact_requests': {
    summary: 'HumanLayer: ask a person (created once per call_id)',
    tag: 'HumanLayer',
    responses: ok('The contact request', contactSchema),
    conflict: 'The call_id is used by another request, or the run has finished',
  },
  'GET /humanlayer/v1/contact_requests/:callId': {
    summary: 'HumanLayer: a contact request and its reply',
    tag: 'HumanLayer',
    responses: ok('The contact request', contactSchema),
  },
};
