import { Hono } from 'hono';
import { signedByPlatform } from '../../auth/guards';
import { WebhookBodyError } from '../../connectors/connector';
import { ingestEvents } from '../../connectors/ingest';
import { RunNotOnPlatform } from '../../connectors/platform-reply';
import { loadSource, recordHealth } from '../../connectors/source-loader';
import { ApiError, notFound, unauthorized } from '../../lib/api-error';
import type { AppEnv } from '../../lib/app-env';
import { pathParam } from '../../lib/params';

/**
 * Platform webhooks. The connector verifies the raw body as its platform signs it; anything it cannot
 * verify is a 401 and nothing is stored. Verified events go through the same ingestion as polling.
 */
export const hooksRoutes = new Hono<AppEnv>().post(
  '/hooks/:sourceId',
  signedByPlatform,
  async (c) => {
    const deps = c.get('deps');
    const sourceId = pathParam(c, 'sourceId');
    const loaded = await loadSource(deps.db, deps.connectors, sourceId);
    if (!loaded) {
      const native = await deps.db
        .selectFrom('sources')
        .select('id')
        .where('id', '=', sourceId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!native) throw notFound('Source');
      throw unauthorized('This source does not accept webhooks');
    }
    const input = {
      headers: c.req.raw.headers,
      rawBody: await c.req.text(),
      receivedAt: deps.now(),
    };
    const verdict = loaded.connector.verifyWebhook(loaded.source, input);
    if (!verdict.ok) {
      deps.logger.warn('Refused a webhook', { sourceId, reason: verdict.reason });
      throw unauthorized('The webhook could not be verified');
    }
    const observedAt = deps.now().toISOString();
    let events;
    try {
      events = await loaded.connector.webhookEvents(loaded.source, input, {
        http: deps.connectors.http,
        now: deps.now,
      });
    } catch (error) {
      if (error instanceof WebhookBodyError) {
        throw new ApiError(422, 'invalid', 'The webhook body was not understood', {
          '(body)': error.message,
        });
      }
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RunNotOnPlatform) {
        // Sending it again cannot bring the run back: a 2xx ends the platform's retries (every platform
        // treats any 2xx as delivered), and the source's health says what was ignored.
        await recordHealth(
          deps.db,
          sourceId,
          {
            ok: false,
            error: `Ignored a webhook for a run the platform does not have: ${message}`,
          },
          observedAt,
        );
        return c.json(
          { received: true, ignored: message, runsCreated: 0, requestsCreated: 0 },
          200,
        );
      }
      // The push was genuine but reading the platform back failed (unreachable, or a reply that does
      // not fit its API): ask it to send again later.
      await recordHealth(deps.db, sourceId, { ok: false, error: message }, observedAt);
      throw new ApiError(503, 'internal', `${message}; send the webhook again later`);
    }
    const summary = await ingestEvents(
      deps,
      { id: sourceId, name: loaded.row.name, label: loaded.connector.label },
      events,
      observedAt,
    );
    await recordHealth(
      deps.db,
      sourceId,
      summary.problems.length ? { ok: false, error: summary.problems.join('\n') } : { ok: true },
      observedAt,
    );
    return c.json(
      {
        received: true,
        runsCreated: summary.runsCreated,
        requestsCreated: summary.requestsCreated,
      },
      200,
    );
  },
);
