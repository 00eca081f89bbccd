import { RunNotOnPlatform, WebhookBodyError, type WebhookInput } from '../connectors/connector';
import type { ConnectorRuntime } from '../connectors/runtime';
import { ApiError, notFound, unauthorized } from '../lib/api-error';
import type { Logger } from '../lib/logger';
import type { DomainContext } from './context';
import { ingestEvents } from './ingest';
import { knownRuns, loadSource, recordHealth, type LoadedSource } from './source-loader';
import {
  claimWebhookDelivery,
  maxRememberedDeliveries,
  settleWebhookDelivery,
} from './webhook-deliveries';

export type WebhookContext = DomainContext & { connectors: ConnectorRuntime; logger: Logger };
export type WebhookReceipt = {
  runsCreated: number;
  requestsCreated: number;
  /** Why nothing was stored, when the platform no longer has the run the push is about. */
  ignored?: string;
};

/**
 * A platform's push. The connector verifies the raw body as its platform signs it; anything it cannot
 * verify is refused and nothing is stored. Verified events go through the same ingestion as polling.
 */
export async function receiveWebhook(
  ctx: WebhookContext,
  sourceId: string,
  input: WebhookInput,
): Promise<WebhookReceipt> {
  const loaded = await loadSource(ctx.db, ctx.connectors, sourceId);
  if (!loaded) {
    const native = await ctx.db
      .selectFrom('sources')
      .select('id')
      .where('id', '=', sourceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!native) throw notFound('Source');
    throw unauthorized('This source does not accept webhooks');
  }
  const verdict = loaded.connector.verifyWebhook(loaded.source, input);
  if (!verdict.ok) {
    ctx.logger.warn('Refused a webhook', { sourceId, reason: verdict.reason });
    throw unauthorized('The webhook could not be verified');
  }
  const { delivery } = verdict;
  if (!delivery) return processWebhook(ctx, loaded, input);
  const claim = await claimWebhookDelivery(ctx.db, sourceId, delivery, ctx.now());
  if (claim === 'seen') {
    return { runsCreated: 0, requestsCreated: 0, ignored: 'This delivery was received before' };
  }
  if (claim === 'busy') {
    throw new ApiError(
      503,
      'unavailable',
      'This delivery is being received now; send it again later',
    );
  }
  if (claim === 'full') {
    const message = `More than ${maxRememberedDeliveries} recent webhook deliveries are remembered for this source`;
    await recordHealth(ctx.db, sourceId, { ok: false, error: message }, ctx.now().toISOString());
    throw new ApiError(503, 'unavailable', `${message}; send the webhook again later`);
  }
  let stored = false;
  try {
    const receipt = await processWebhook(ctx, loaded, input);
    stored = true;
    return receipt;
  } finally {
    // A delivery that failed is forgotten again, so the platform's next attempt at it is taken.
    await settleWebhookDelivery(ctx.db, sourceId, delivery.id, stored);
  }
}

/** Reads a verified push's events (calling the platform back where the body only notifies) and stores them. */
async function processWebhook(
  ctx: WebhookContext,
  loaded: LoadedSource,
  input: WebhookInput,
): Promise<WebhookReceipt> {
  const sourceId = loaded.source.id;
  const observedAt = ctx.now().toISOString();
  let events;
  try {
    events = await loaded.connector.webhookEvents(
      loaded.source,
      input,
      { http: ctx.connectors.http, now: ctx.now },
      () => knownRuns(ctx.db, sourceId),
    );
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
        ctx.db,
        sourceId,
        { ok: false, error: `Ignored a webhook for a run the platform does not have: ${message}` },
        observedAt,
      );
      return { runsCreated: 0, requestsCreated: 0, ignored: message };
    }
    // The push was genuine but reading the platform back failed (unreachable, or a reply that does
    // not fit its API): ask it to send again later.
    await recordHealth(ctx.db, sourceId, { ok: false, error: message }, observedAt);
    throw new ApiError(503, 'unavailable', `${message}; send the webhook again later`);
  }
  const summary = await ingestEvents(
    ctx,
    { id: sourceId, name: loaded.row.name, label: loaded.connector.label },
    events,
    observedAt,
  );
  await recordHealth(
    ctx.db,
    sourceId,
    summary.problems.length ? { ok: false, error: summary.problems.join('\n') } : { ok: true },
    observedAt,
  );
  return { runsCreated: summary.runsCreated, requestsCreated: summary.requestsCreated };
}
