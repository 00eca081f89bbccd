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
import { ApiError, conflict } from '../../lib/api-error';
import { callSlack } from '../../lib/slack-api';

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
