import type { putSlackIntegrationSchema } from '../../../shared/notifications';
import { auditOrigin } from '../../auth/audit-origin';
import { isoNow } from '../../domain/context';
import {
  deleteSlackIntegration,
  readSlackSettings,
  saveSlackIntegration,
  slackIntegrationView,
} from '../../domain/notifications/slack-integration';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { ApiError, conflict, unauthorized } from '../../lib/api-error';
import { verifySlackSignature } from '../../lib/slack-signature';
import { handleSlackClick, type SlackClick } from '../../domain/notifications/slack-interactions';
import { callSlack } from '../../lib/slack-api';
import {
  handleSlackSubmission,
  type SlackSubmission,
} from '../../domain/notifications/slack-submissions';

export const getSlack: AppHandler = async (c) =>
  c.json(await slackIntegrationView(c.get('deps').db), 200);

export const putSlack: AppHandler<JsonInput<typeof putSlackIntegrationSchema>> = async (c) => {
  const deps = c.get('deps');
  const view = await saveSlackIntegration(
    deps.db,
    deps.connectors.secrets,
    c.req.valid('json'),
    auditOrigin(c),
    isoNow(deps),
  );
  return c.json(view, 200);
};

export const deleteSlack: AppHandler = async (c) => {
  const deps = c.get('deps');
  await deleteSlackIntegration(deps.db, auditOrigin(c), isoNow(deps));
  return c.body(null, 204);
};

/** Posts a test message to the connected channel; Slack's refusal comes back as our error. */
export const testSlack: AppHandler = async (c) => {
  const deps = c.get('deps');
  const settings = await readSlackSettings(deps.db, deps.connectors.secrets);
  if (!settings) throw conflict('Connect Slack first');
  const result = await callSlack(
    deps.connectors.http,
    deps.slackApiUrl,
    settings.botToken,
    'chat.postMessage',
    {
      channel: settings.channel,
      text: 'Countersign is connected: requests will be posted to this channel.',
    },
  ).catch(() => ({ ok: false as const, error: 'unreachable', status: 0, retryAfter: null }));
  if (!result.ok) {
    throw new ApiError(502, 'unavailable', `Slack refused the test message: ${result.error}`, {
      slackError: result.error,
    });
  }
  return c.json({ ok: true, channel: settings.channel }, 200);
};

const maxInteractionBytes = 64 * 1024;

/**
 * Slack's button clicks. No session or CSRF token: the raw body's `v0` signature proves it is Slack.
 * Slack wants an answer within 3 s, so this acknowledges at once and answers the request afterwards.
 */
export const slackInteractions: AppHandler = async (c) => {
  const deps = c.get('deps');
  const rawBody = await c.req.text();
  const settings = await readSlackSettings(deps.db, deps.connectors.secrets);
  const verified =
    settings !== null &&
    rawBody.length <= maxInteractionBytes &&
    verifySlackSignature(
      settings.signingSecret,
      rawBody,
      c.req.header('X-Slack-Request-Timestamp'),
      c.req.header('X-Slack-Signature'),
      deps.now(),
    );
  if (!verified || !settings) throw unauthorized('The Slack signature is missing, wrong or stale');
  const payload = readPayload(rawBody);
  const slack = { http: deps.connectors.http, apiUrl: deps.slackApiUrl, settings };
  // A submitted modal waits for its answer: Slack shows our field errors or notice, or closes it.
  const submission = readSubmission(payload);
  if (submission) {
    const reply = await handleSlackSubmission(deps, slack, submission);
    return reply ? c.json(reply, 200) : c.body(null, 200);
  }
  const clicks = readClicks(payload);
  for (const click of clicks) {
    handleSlackClick(deps, slack, click).catch((error: unknown) =>
      deps.logger.warn('A Slack click could not be handled', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
  return c.body(null, 200);
};

type InteractionPayload = {
  type?: unknown;
  user?: { id?: unknown };
  channel?: { id?: unknown };
  trigger_id?: unknown;
  actions?: { value?: unknown }[];
  view?: { callback_id?: unknown; private_metadata?: unknown; state?: { values?: unknown } };
} | null;

function readPayload(rawBody: string): InteractionPayload {
  try {
    const payload: unknown = JSON.parse(new URLSearchParams(rawBody).get('payload') ?? 'null');
    return payload && typeof payload === 'object' ? (payload as InteractionPayload) : null;
  } catch {
    return null;
  }
}

function readClicks(p: InteractionPayload): SlackClick[] {
  if (p?.type !== 'block_actions' || typeof p.user?.id !== 'string') return [];
  const slackUserId = p.user.id;
  const channel = typeof p.channel?.id === 'string' ? p.channel.id : '';
  const triggerId = typeof p.trigger_id === 'string' ? p.trigger_id : undefined;
  return (Array.isArray(p.actions) ? p.actions.slice(0, 5) : [])
    .filter((a) => typeof a?.value === 'string')
    .map((a) => ({ slackUserId, channel, value: a.value as string, triggerId }));
}

function readSubmission(p: InteractionPayload): SlackSubmission | null {
  if (p?.type !== 'view_submission' || typeof p.user?.id !== 'string') return null;
  const view = p.view;
  const values = view?.state?.values;
  if (typeof view?.callback_id !== 'string' || typeof view.private_metadata !== 'string')
    return null;
  return {
    slackUserId: p.user.id,
    callbackId: view.callback_id,
    requestId: view.private_metadata,
    values: values && typeof values === 'object' ? (values as SlackSubmission['values']) : {},
  };
}
