import { http, HttpResponse } from 'msw';
import type { PutSlackIntegration, SlackIntegration } from '../../../shared/notifications';

const api = (path: string) => `*/api/v1${path}`;

const disconnected: SlackIntegration = { connected: false, channel: null, updatedAt: null };

/** The Slack integration as the server keeps it; `testError` makes Test fail as Slack would. */
export const slackDb = {
  integration: disconnected,
  saved: [] as PutSlackIntegration[],
  tests: 0,
  testError: null as string | null,
  reset() {
    this.integration = disconnected;
    this.saved = [];
    this.tests = 0;
    this.testError = null;
  },
};

export const slackHandlers = [
  http.get(api('/integrations/slack'), () => HttpResponse.json(slackDb.integration)),
  http.put(api('/integrations/slack'), async ({ request }) => {
    const body = (await request.json()) as PutSlackIntegration;
    slackDb.saved.push(body);
    slackDb.integration = {
      connected: true,
      channel: body.channel,
      updatedAt: '2026-12-04T09:00:00.000Z',
    };
    return HttpResponse.json(slackDb.integration);
  }),
  http.delete(api('/integrations/slack'), () => {
    slackDb.integration = disconnected;
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(api('/integrations/slack/test'), () => {
    slackDb.tests += 1;
    if (!slackDb.integration.connected) {
      return HttpResponse.json(
        { error: { code: 'conflict', message: 'Connect Slack first' } },
        { status: 409 },
      );
    }
    if (slackDb.testError) {
      return HttpResponse.json(
        {
          error: {
            code: 'unavailable',
            message: `Slack refused the test message: ${slackDb.testError}`,
            details: { slackError: slackDb.testError },
          },
        },
        { status: 502 },
      );
    }
    return HttpResponse.json({ ok: true, channel: slackDb.integration.channel });
  }),
];
